import Foundation
import VouchCore

/// A reviewer's clearance of a screening candidate, as the API shows it.
struct ScreeningClearanceBody: Encodable {
    var object = "screening_clearance"
    var livemode = Livemode()
    var id: String
    var applicantID: String
    var candidateID: String
    var entryVersion: String
    var caption: String
    var reason: String
    var clearedBy: String
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case object, livemode, id
        case applicantID = "applicant_id"
        case candidateID = "candidate_id"
        case entryVersion = "entry_version"
        case caption, reason
        case clearedBy = "cleared_by"
        case createdAt = "created_at"
    }

    init(_ clearance: ScreeningClearance) {
        id = clearance.id.description
        applicantID = clearance.applicantID.description
        candidateID = clearance.candidateID
        entryVersion = clearance.entryVersion
        caption = clearance.caption
        reason = clearance.reason
        clearedBy = clearance.clearedBy
        createdAt = clearance.createdAt
    }
}

/// `POST /v1/applicants/{id}/screenings`: the screening is queued.
struct ScreeningRequestBody: Encodable {
    var object = "screening_request"
    var livemode = Livemode()
    var applicantID: String
    var status = "queued"

    enum CodingKeys: String, CodingKey {
        case object, livemode
        case applicantID = "applicant_id"
        case status
    }
}
