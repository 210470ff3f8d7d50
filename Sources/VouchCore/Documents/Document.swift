import Foundation
import Verification

/// The four documents of the seed.
public enum DocumentType: String, Sendable, Codable, CaseIterable {
    case idFront = "ID_FRONT"
    case idBack = "ID_BACK"
    case proofOfAddress = "PROOF_OF_ADDRESS"
    case selfie = "SELFIE"
}

/// Where a document version is in verification.
public enum DocumentStatus: String, Sendable, Codable, CaseIterable {
    case submitted = "SUBMITTED"
    case processing = "PROCESSING"
    case verified = "VERIFIED"
    case rejected = "REJECTED"
    case inReview = "IN_REVIEW"

    /// Only a rejected document may be replaced by a new version.
    public var allowsResubmission: Bool { self == .rejected }

    /// Verified, or waiting for a reviewer: the applicant's decision may go ahead with it.
    public var hasPassedChecks: Bool { self == .verified || self == .inReview }

    /// The status a document's checks leave it in.
    public init(_ outcome: DocumentOutcome) {
        switch outcome {
        case .verified: self = .verified
        case .rejected: self = .rejected
        case .inReview: self = .inReview
        }
    }
}

/// One uploaded version of a document (its bytes are stored apart, encrypted).
public struct Document: Sendable, Equatable {
    public var id: DocumentID
    public var applicantID: ApplicantID
    public var type: DocumentType
    public var version: Int
    public var status: DocumentStatus
    public var rejectionReasons: [String]
    public var contentType: String
    public var sizeBytes: Int
    public var sha256: [UInt8]
    public var createdAt: Date
    public var updatedAt: Date

    /// Whether every rejection reason asks the end user for another photo.
    public var asksForRetake: Bool { DocumentChecker.asksForRetake(rejectionReasons) }
}
