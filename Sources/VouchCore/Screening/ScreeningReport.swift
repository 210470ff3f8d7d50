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
    /// Whether an outside provider was called for it (a billed `screening_call`); not for the
    /// lists loaded locally.
    public var calledProvider = true

    public init(provenance: [String: JSONValue], results: Int, bestBelowThreshold: Double, hits: [ScreeningCandidate]) {
        self.provenance = provenance
        self.results = results
        self.bestBelowThreshold = bestBelowThreshold
        self.hits = hits
    }
}

/// Screening against both the provider's lists and the lists loaded locally
/// (`VOUCH_SCREENING=both`): one report, the provider's provenance with the local one under
/// `local_lists`, and the candidates of both.
public struct CombinedScreening: ScreeningSource {
    public let remote: any ScreeningSource
    public let local: any ScreeningSource

    public init(remote: any ScreeningSource, local: any ScreeningSource) {
        self.remote = remote
        self.local = local
    }

    public func screen(_ subject: CheckSubject, threshold: Double) async throws -> ScreeningReport {
        async let remoteReport = remote.screen(subject, threshold: threshold)
        let localReport = try await local.screen(subject, threshold: threshold)
        var report = try await remoteReport
        report.provenance["local_lists"] = .object(localReport.provenance)
        report.results += localReport.results
        report.bestBelowThreshold = max(report.bestBelowThreshold, localReport.bestBelowThreshold)
        report.hits = (report.hits + localReport.hits).sorted { $0.score > $1.score }
        return report
    }
}
