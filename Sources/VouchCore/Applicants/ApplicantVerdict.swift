import Verification

/// A verdict written on an applicant, by the decision engine or by a reviewer.
public enum ApplicantVerdict: String, Sendable, Hashable, CaseIterable {
    case verified
    case rejected
    case inReview = "in_review"

    /// The engine's verdict, or nil while it waits for a check (`pending`): nothing is written then.
    public init?(_ verdict: Verdict) {
        switch verdict {
        case .verified: self = .verified
        case .rejected: self = .rejected
        case .inReview: self = .inReview
        case .pending: return nil
        }
    }

    /// The applicant's status once it has this verdict.
    public var status: ApplicantStatus {
        switch self {
        case .verified: .verified
        case .rejected: .rejected
        case .inReview: .inReview
        }
    }

    /// The event merchants receive when an applicant gets this verdict.
    var event: EventType {
        switch self {
        case .verified: .applicantVerified
        case .rejected: .applicantRejected
        case .inReview: .applicantInReview
        }
    }
}
