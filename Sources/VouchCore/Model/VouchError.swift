import Verification

/// A failure the domain reports to its callers; the API maps each case to one problem `code`.
public enum VouchError: Error, Equatable, Sendable {
    case notFound(String)
    case applicantExists
    case documentNotReplaceable(DocumentStatus)
    /// The applicant has the most versions of this document type that are kept.
    case documentVersionLimit(Int)
    case invalidField(name: String, reason: String)
    case emptyFile
    case fileTooLarge(limit: Int)
    case unsupportedFileType
    case databaseUnavailable
    /// The database went away while a write was being committed: it may have taken effect.
    case databaseOutcomeUnknown
    /// The applicant was rejected; only a review can reverse that, so uploads are refused.
    case applicantRejected
    /// The applicant was erased: its documents and personal data are gone.
    case applicantErased
    /// A submitted rule set with every issue found.
    case invalidRuleSet([RuleSetIssue])
    /// The review case is already decided.
    case reviewClosed
    /// Only a rejected applicant can be reopened for review.
    case applicantNotRejected
    /// An operator's plan that cannot be stored or assigned (the command line's error).
    case invalidPlan(String)
    /// The tenant already has a rule simulation running.
    case simulationInProgress
    /// The tenant has as many webhook endpoints as its plan allows.
    case webhookEndpointLimitReached(limit: Int)
    /// The tenant's watch list holds as many entries as it may.
    case watchlistLimitReached(limit: Int)
}
