import Foundation

/// One pass of ongoing monitoring over a tenant's verified applicants: against what one list
/// version changed, or against every list (a full re-screen). What a compliance officer shows a
/// regulator: which version, when, how many applicants were screened and how many came out as
/// candidates (each then screened again in full, as `applicant.screening_hit` tells).
public struct MonitoringRun: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// Against the entities one list version added or changed.
        case listChange = "list_change"
        /// Against every list loaded locally, or through the provider when none is.
        case full
    }

    public enum State: String, Sendable {
        case queued, running, done
    }

    public var id: MonitoringRunID
    public var kind: Kind
    public var dataset: String?
    public var version: String?
    public var state: State
    /// How many list entities the applicants were screened against.
    public var entities: Int
    public var applicants: Int
    public var candidates: Int
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
}

public struct MonitoringRunID: PrefixedID {
    public static let prefix = "mon"
    public let uuid: UUID
    public init(uuid: UUID) { self.uuid = uuid }
}
