import Foundation
import SanctionsIndex
import Verification

/// A verified applicant as monitoring reads it: who, the name screening compares, and whether
/// its monitoring is counted this month already.
struct MonitoredApplicant: Sendable {
    var id: ApplicantID
    var name: String
    var countedThisMonth = false
}

/// Which applicants of a page could be one of the entities a monitoring run screens against:
/// each applicant's name is searched in an index of those entities (only what a list version
/// changed, for a list change; its words weighed as the whole list weighs them) at the tenant's
/// threshold. The name alone is compared: birth date and nationality only ever lower a score,
/// so no applicant a full screening would raise is left out; the candidates are then screened in
/// full, with clearances and the watch list.
struct MonitoringMatcher: Sendable {
    struct Source: Sendable {
        var index: SanctionsIndex
        /// The whole list's index, for an index of its changes.
        var rarityFrom: SanctionsIndex?
    }

    let sources: [Source]
    let threshold: Double

    var entities: Int { sources.reduce(0) { $0 + $1.index.count } }

    /// The candidates among `applicants`, in their order: the page is cut in one part per
    /// background thread, each searched on its own thread with its own memo of words.
    func candidates(_ applicants: [MonitoredApplicant]) async -> [ApplicantID] {
        let parts = BackgroundExecutor.shared.threads
        let size = (applicants.count + parts - 1) / max(1, parts)
        guard size > 0 else { return [] }
        let chunks = stride(from: 0, to: applicants.count, by: size).map { Array(applicants[$0..<min($0 + size, applicants.count)]) }
        return await withTaskGroup(of: (Int, [ApplicantID]).self) { group in
            for (position, chunk) in chunks.enumerated() {
                group.addTask(executorPreference: BackgroundExecutor.shared) { (position, self.search(chunk)) }
            }
            var found: [(Int, [ApplicantID])] = []
            for await part in group { found.append(part) }
            return found.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }

    func search(_ applicants: [MonitoredApplicant]) -> [ApplicantID] {
        let memos = sources.map { _ in SanctionsIndex.WordMemo() }
        return applicants.filter { applicant in
            let query = ScreeningQuery(name: applicant.name)
            return zip(sources, memos).contains { source, memo in
                !source.index.search(query, threshold: threshold, limit: 1, rarityFrom: source.rarityFrom, memo: memo).isEmpty
            }
        }.map(\.id)
    }
}
