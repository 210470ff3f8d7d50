import Base
import Foundation
import VouchCore

/// A review case as the API shows it.
struct ReviewBody: Encodable {
    var object = "review"
    var livemode = Livemode()
    var id: String
    var applicantID: String
    var status: String
    var reasons: [String]
    @Nullable var decision: String?
    @Nullable var decisionReason: String?
    @Nullable var decidedBy: String?
    var createdAt: Date
    @Nullable var decidedAt: Date?
    @Nullable var face: JSONValue?

    enum CodingKeys: String, CodingKey {
        case object, livemode, id
        case applicantID = "applicant_id"
        case status, reasons, decision
        case decisionReason = "decision_reason"
        case decidedBy = "decided_by"
        case createdAt = "created_at"
        case decidedAt = "decided_at"
        case face
    }

    init(_ review: Review) {
        id = review.id.description
        applicantID = review.applicantID.description
        status = review.status
        reasons = review.reasons
        decision = review.decision
        decisionReason = review.decisionReason
        decidedBy = review.decidedBy?.description
        createdAt = review.createdAt
        decidedAt = review.decidedAt
        face = review.face
    }
}
