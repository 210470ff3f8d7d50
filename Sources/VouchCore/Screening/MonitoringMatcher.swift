import Foundation
import SanctionsIndex
import Verification

/// A verified applicant as monitoring reads it: who, what screening compares (the profile's
/// name, birth date and nationality), and whether its monitoring is counted this month already.
struct MonitoredApplicant: Sendable {
    var id: ApplicantID
    var query: ScreeningQuery
    var countedThisMonth = false
}

/// Which applicants of a page could be one of the entities a monitoring run screens against:
/// each applicant's name is searched in an index of those entities (only what a list version
/// changed, for a list change; its words weighed as the whole list weighs them) at the tenant's
/// threshold, with the profile's birth date and nationality (a verified applicant's profile
/// agrees with its document's zone; where the profile has none, nothing lowers the score). The
/// candidates are then screened in full, with the document's facts, clearances and the watch
/// list.
struct MonitoringMatcher: Sendable {
    struct Source: Sendable {
        var index: SanctionsIndex
        /// Its words' rarity: the whole list's, for an index of its changes.
        var rarity: SanctionsIndex.Rarity

        init(index: SanctionsIndex, rarityFrom whole: SanctionsIndex? = nil) {
            self.index = index
            self.rarity = index.rarity(from: whole)
        }
    }

    let sources: [Source]
    let threshold: Double
    /// One per part of a page, kept across the run's pages: a run's names repeat their words.
    let memos: [Memo]

    /// What one part of each page remembers. Part `i` of a page is searched by one task, and
    /// pages one after another: a memo is never used by two threads at once.
    ///
    /// A page is cut in a few parts per thread, so that a thread done with its parts takes
    /// another's rather than waiting for the slower one at the end of the page.
    static let partsPerThread = 4
    final class Memo: @unchecked Sendable {
        let words: [SanctionsIndex.WordMemo]

        init(sources: Int) {
            words = (0..<sources).map { _ in SanctionsIndex.WordMemo() }
        }
    }

    init(sources: [Source], threshold: Double) {
        self.sources = sources
        self.threshold = threshold
        self.memos = (0..<BackgroundExecutor.shared.threads * Self.partsPerThread).map { _ in Memo(sources: sources.count) }
    }

    var entities: Int { sources.reduce(0) { $0 + $1.index.count } }

    /// The candidates among `applicants`, in their order: the page is cut in parts, each
    /// searched on a background thread with its own memo.
    func candidates(_ applicants: [MonitoredApplicant]) async -> [ApplicantID] {
        let size = (applicants.count + memos.count - 1) / max(1, memos.count)
        guard size > 0 else { return [] }
        let chunks = stride(from: 0, to: applicants.count, by: size).map { Array(applicants[$0..<min($0 + size, applicants.count)]) }
        return await withTaskGroup(of: (Int, [ApplicantID]).self) { group in
            for (part, chunk) in chunks.enumerated() {
                group.addTask(executorPreference: BackgroundExecutor.shared) { (part, self.search(chunk, memo: self.memos[part])) }
            }
            var found: [(Int, [ApplicantID])] = []
            for await part in group { found.append(part) }
            return found.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }

    func search(_ applicants: [MonitoredApplicant], memo: Memo) -> [ApplicantID] {
        applicants.filter { applicant in
            zip(sources, memo.words).contains { source, words in
                !source.index.search(applicant.query, threshold: threshold, limit: 1, rarity: source.rarity, memo: words).isEmpty
            }
        }.map(\.id)
    }
}
