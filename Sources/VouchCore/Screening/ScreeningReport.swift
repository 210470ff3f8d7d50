import Base
import Foundation
import Verification

/// Screens a person against published lists: the screening provider's side of a screening.
public protocol ScreeningSource: Sendable {
    func screen(_ subject: CheckSubject, threshold: Double) async throws -> ScreeningReport
}

/// What one source of lists found, before the tenant's watch list and clearances are applied.
public struct ScreeningReport: Sendable {
    /// What produced it: provider, dataset, list version, algorithm, and the call's facts
    /// (request id, latency, attempts, HTTP status).
    public var provenance: [String: JSONValue]
    /// How many candidates the source returned, at any score.
    public var results: Int
    /// The best score under the threshold (0 when none): a near miss, which rules may read.
    public var bestBelowThreshold: Double
    /// The candidates at or above the threshold.
    public var hits: [ScreeningCandidate]

    public init(provenance: [String: JSONValue], results: Int, bestBelowThreshold: Double, hits: [ScreeningCandidate]) {
        self.provenance = provenance
        self.results = results
        self.bestBelowThreshold = bestBelowThreshold
        self.hits = hits
    }
}
