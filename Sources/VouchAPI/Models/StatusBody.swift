import Foundation
import VouchCore

/// The seed's status object, extended with ids, versions and reasons: what
/// `GET /v1/applicants/{id}/status` and the end-user status answer. Clients poll it, so handlers
/// write it with `json` (`StatusBody+JSON.swift`); this type's `Encodable` conformance is the
/// reference that writer is tested against, as is the copy applicant events carry in their payload
/// (`ApplicantStatusReport.json`).
struct StatusBody: Encodable {
    /// One document type's current version; for a type not yet uploaded, `UNVERIFIED` with no
    /// id, version or time.
    struct DocStatus: Encodable {
        var docType: String
        var docStatus: String
        var documentID: String?
        var version: Int?
        var rejectionReasons: [String]
        /// "Please retake": every rejection reason asks the end user for another photo.
        var retake: Bool
        var updatedAt: Date?

        enum CodingKeys: String, CodingKey {
            case docType = "doc_type"
            case docStatus = "doc_status"
            case documentID = "document_id"
            case version
            case rejectionReasons = "rejection_reasons"
            case retake
            case updatedAt = "updated_at"
        }
    }

    var applicantID: String
    var userID: String
    var status: String
    var submissionStatus: String
    var docStatus: [DocStatus]

    enum CodingKeys: String, CodingKey {
        case applicantID = "applicant_id"
        case userID = "user_id"
        case status
        case submissionStatus = "submission_status"
        case docStatus = "doc_status"
    }

    init(_ report: ApplicantStatusReport) {
        applicantID = report.applicantID.description
        userID = report.externalUserID
        status = report.status.rawValue
        submissionStatus = report.submissionStatus.rawValue
        docStatus = report.slots.map { type, document in
            DocStatus(
                docType: type.rawValue,
                docStatus: document?.status.rawValue ?? ApplicantStatusReport.notUploaded,
                documentID: document?.id.description,
                version: document?.version,
                rejectionReasons: document?.rejectionReasons ?? [],
                retake: document?.asksForRetake ?? false,
                updatedAt: document?.updatedAt
            )
        }
    }
}
