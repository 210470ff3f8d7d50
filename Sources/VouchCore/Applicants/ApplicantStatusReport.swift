import Base
import Foundation
import Verification

/// What the status object says of one current document: only what it shows, so the status read
/// (the route clients poll) decodes six columns, not the whole version.
public struct CurrentDocumentStatus: Sendable, Equatable {
    public var id: DocumentID
    public var type: DocumentType
    public var version: Int
    public var status: DocumentStatus
    public var rejectionReasons: [String]
    public var updatedAt: Date

    /// "Please retake": every rejection reason asks the end user for another photo.
    public var asksForRetake: Bool { DocumentChecker.asksForRetake(rejectionReasons) }

    public init(
        id: DocumentID,
        type: DocumentType,
        version: Int,
        status: DocumentStatus,
        rejectionReasons: [String],
        updatedAt: Date
    ) {
        self.id = id
        self.type = type
        self.version = version
        self.status = status
        self.rejectionReasons = rejectionReasons
        self.updatedAt = updatedAt
    }
}

/// The seed's status object: the applicant's verdict and the current version of each document.
public struct ApplicantStatusReport: Sendable, Equatable {
    public var applicantID: ApplicantID
    public var externalUserID: String
    public var status: ApplicantStatus
    public var submissionStatus: SubmissionStatus
    public var documents: [CurrentDocumentStatus]

    /// Derives the status from the current documents unless a decision overrides it.
    public init(
        applicantID: ApplicantID,
        externalUserID: String,
        decision: ApplicantStatus?,
        documents: [CurrentDocumentStatus]
    ) {
        self.applicantID = applicantID
        self.externalUserID = externalUserID
        self.documents = documents.sorted { Self.order($0.type) < Self.order($1.type) }
        let present = Set(documents.map(\.type))
        let required = Set(DocumentType.allCases)
        switch present.count {
        case 0: submissionStatus = .notSubmitted
        case _ where present.isSuperset(of: required): submissionStatus = .submitted
        default: submissionStatus = .partiallySubmitted
        }
        // Only the decision engine (or a reviewer) makes an applicant verified, rejected or in
        // review; until it has decided, documents that are all in mean the checks are running.
        if let decision {
            status = decision
        } else if submissionStatus != .submitted || documents.contains(where: { $0.status == .rejected }) {
            status = .unverified
        } else {
            status = .processing
        }
    }

    /// One entry per document type, in the seed's order: the current version, or nil for a type
    /// not yet uploaded, which the status object shows as `UNVERIFIED` (as the seed's does).
    public var slots: [(type: DocumentType, document: CurrentDocumentStatus?)] {
        DocumentType.allCases.map { type in (type, documents.first { $0.type == type }) }
    }

    /// What the status object says of a document type not yet uploaded.
    public static let notUploaded = "UNVERIFIED"

    private static func order(_ type: DocumentType) -> Int {
        DocumentType.allCases.firstIndex(of: type) ?? 0
    }
}

extension ApplicantStatusReport {
    /// The status object as `GET /v1/applicants/{id}/status` shows it, for event payloads.
    public var json: JSONValue {
        .object([
            "applicant_id": .string(applicantID.description),
            "user_id": .string(externalUserID),
            "status": .string(status.rawValue),
            "submission_status": .string(submissionStatus.rawValue),
            "doc_status": .array(
                slots.map { type, document in
                    guard let document else {
                        return .object([
                            "doc_type": .string(type.rawValue), "doc_status": .string(Self.notUploaded),
                            "rejection_reasons": .array([]), "retake": .bool(false),
                        ])
                    }
                    return .object([
                        "doc_type": .string(document.type.rawValue),
                        "doc_status": .string(document.status.rawValue),
                        "document_id": .string(document.id.description),
                        "version": .number(Double(document.version)),
                        "rejection_reasons": .array(document.rejectionReasons.map(JSONValue.string)),
                        "retake": .bool(document.asksForRetake),
                        "updated_at": .string(document.updatedAt.rfc3339),
                    ])
                }
            ),
        ])
    }
}
