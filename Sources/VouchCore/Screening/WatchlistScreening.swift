import Base
import Foundation
import Verification

/// Screening against the tenant's own watch list, in process: each entry that shares a blocking
/// key with the person is compared as a published list's entry would be, and raised at the same
/// threshold.
enum WatchlistScreening {
    static func report(_ query: ScreeningQuery, entries: [WatchlistEntry], threshold: Double) -> ScreeningReport {
        var bestBelowThreshold = 0.0
        var hits: [ScreeningCandidate] = []
        for entry in entries {
            let record = CandidateRecord(
                names: Array(entry.names.prefix(1)),
                aliases: Array(entry.names.dropFirst()),
                birthDates: entry.birthDates,
                countries: entry.countries
            )
            let comparison = CandidateComparison.compare(query, with: record)
            let score = comparison.matchScore
            guard score >= threshold else {
                bestBelowThreshold = max(bestBelowThreshold, score)
                continue
            }
            hits.append(
                ScreeningCandidate(
                    source: .watchlist,
                    id: entry.id.description,
                    caption: entry.names.first ?? "",
                    schema: "Person",
                    score: (score * 1000).rounded() / 1000,
                    datasets: ["watchlist"],
                    topics: entry.topics,
                    entryVersion: entry.updatedAt.rfc3339,
                    reference: entry.reference,
                    features: [:],
                    comparison: comparison
                )
            )
        }
        return ScreeningReport(
            provenance: [:],
            results: entries.count,
            bestBelowThreshold: (bestBelowThreshold * 1000).rounded() / 1000,
            hits: hits.sorted { $0.score > $1.score }
        )
    }
}
