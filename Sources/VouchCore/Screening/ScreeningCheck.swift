import Base
import Foundation
import Verification

/// Screening as the decision sees it: the published lists through the provider, the tenant's
/// own watch list, then the reviewers' clearances — a cleared candidate is recorded with its
/// clearance and raises nothing, as long as its entry is the one that was cleared.
struct ScreeningCheck: ApplicantCheckProvider {
    let remote: (any ScreeningSource)?

    /// The check for this subject; nil when there is nothing to screen against.
    static func provider(remote: (any ScreeningSource)?, subject: CheckSubject) -> ScreeningCheck? {
        remote == nil && !subject.keepsWatchlist ? nil : ScreeningCheck(remote: remote)
    }

    func check(_ subject: CheckSubject, rules: RuleSet) async throws -> ProviderAnswer {
        let threshold = rules.screeningThreshold
        let lists = try await remote?.screen(subject, threshold: threshold)
        let watchlist =
            subject.keepsWatchlist
            ? WatchlistScreening.report(subject.screeningQuery, entries: subject.watchlist, threshold: threshold) : nil
        return Self.answer(lists: lists, watchlist: watchlist, clearances: subject.clearances, threshold: threshold)
    }

    static func answer(
        lists: ScreeningReport?,
        watchlist: ScreeningReport?,
        clearances: [ScreeningClearance],
        threshold: Double
    ) -> ProviderAnswer {
        let clearedKeys = Dictionary(clearances.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let candidates = (lists?.hits ?? []) + (watchlist?.hits ?? [])
        let raised = candidates.filter { clearedKeys[$0.clearanceKey] == nil }
        let cleared = candidates.compactMap { candidate in clearedKeys[candidate.clearanceKey].map { (candidate, $0) } }
        var details = lists?.provenance ?? [:]
        details["threshold"] = .number(threshold)
        details["results"] = .number(Double(lists?.results ?? 0))
        details["watchlist"] =
            watchlist.map { .object(["compared": .number(Double($0.results)), "hits": .number(Double($0.hits.count))]) } ?? .null
        details["hits"] = .array(raised.map(\.json))
        details["cleared"] = .array(cleared.map { candidate, clearance in Self.json(candidate, clearedBy: clearance) })
        let nearMiss = max(lists?.bestBelowThreshold ?? 0, watchlist?.bestBelowThreshold ?? 0)
        var answer = ProviderAnswer(
            status: raised.isEmpty ? "clear" : "hit",
            topScore: raised.map(\.score).max() ?? nearMiss,
            sanctions: raised.contains { $0.isSanctions },
            pep: raised.contains { $0.isPEP },
            watchlist: raised.contains { $0.source == .watchlist },
            details: .object(details)
        )
        answer.calledProvider = lists?.calledProvider ?? false
        return answer
    }

    static func json(_ candidate: ScreeningCandidate, clearedBy clearance: ScreeningClearance) -> JSONValue {
        guard case .object(var fields) = candidate.json else { return candidate.json }
        fields["clearance"] = .object([
            "id": .string(clearance.id.description),
            "reason": .string(clearance.reason),
            "cleared_by": .string(clearance.clearedBy),
            "cleared_at": .string(clearance.createdAt.rfc3339),
        ])
        return .object(fields)
    }
}
