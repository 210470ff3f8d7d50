import Foundation

/// A reviewer's finding that a screening candidate is not the applicant (a false positive), for
/// the candidate's entry as it was: screening the applicant again does not raise that entry
/// again, but raises it once the list changes it.
public struct ScreeningClearance: Sendable, Equatable {
    /// A candidate's entry in one version.
    public struct Key: Sendable, Hashable {
        public var candidate: String
        public var entryVersion: String
    }

    public var id: ScreeningClearanceID
    public var applicantID: ApplicantID
    public var candidateID: String
    public var entryVersion: String
    public var caption: String
    public var reason: String
    /// Who cleared it, as the audit log names actors (`api_key:key_…`).
    public var clearedBy: String
    public var createdAt: Date

    public var key: Key { Key(candidate: candidateID, entryVersion: entryVersion) }
}

public struct ScreeningClearanceID: PrefixedID {
    public static let prefix = "scl"
    public let uuid: UUID
    public init(uuid: UUID) { self.uuid = uuid }
}
