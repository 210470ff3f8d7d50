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
    @Nullable var assignee: String?
    @Nullable var assignedAt: Date?
    /// Only for one case (`GET /v1/reviews/{id}` and its writes); lists leave it out.
    var notes: [ReviewNoteBody]?

    enum CodingKeys: String, CodingKey {
        case object, livemode, id
        case applicantID = "applicant_id"
        case status, reasons, decision
        case decisionReason = "decision_reason"
        case decidedBy = "decided_by"
        case createdAt = "created_at"
        case decidedAt = "decided_at"
        case face, assignee
        case assignedAt = "assigned_at"
        case notes
    }

    init(_ review: Review, withNotes: Bool = false) {
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
        assignee = review.assignee
        assignedAt = review.assignedAt
        notes = withNotes ? review.notes.map(ReviewNoteBody.init) : nil
    }
}

/// A reviewer's note on a case.
struct ReviewNoteBody: Encodable {
    var object = "review_note"
    var livemode = Livemode()
    var id: String
    var body: String
    @Nullable var author: String?
    var createdBy: String
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case object, livemode, id, body, author
        case createdBy = "created_by"
        case createdAt = "created_at"
    }

    init(_ note: ReviewNote) {
        id = note.id.description
        body = note.body
        author = note.author
        createdBy = note.createdBy.description
        createdAt = note.createdAt
    }
}
