import Base
import Foundation
import Verification
import VouchCore

/// An event of the log as the API shows it; `data` is the payload as it was recorded.
struct EventBody: Encodable {
    var object = "event"
    var livemode = Livemode()
    var id: String
    var type: String
    var createdAt: Date
    /// The applicant the event is about, and the event's place among that applicant's events.
    @Nullable var applicantID: String?
    @Nullable var sequence: Int?
    var data: JSONValue

    enum CodingKeys: String, CodingKey {
        case object, livemode, id, type
        case createdAt = "created_at"
        case applicantID = "applicant_id"
        case sequence, data
    }

    init(_ event: Event) {
        id = event.id.description
        type = event.type
        createdAt = event.createdAt
        applicantID = event.applicantID?.description
        sequence = event.sequence
        data = event.data
    }
}

/// `POST /v1/events/{id}/redeliver`: how many deliveries were queued again.
struct RedeliveryBody: Encodable {
    var object = "redelivery"
    var livemode = Livemode()
    var eventID: String
    var deliveriesQueued: Int

    enum CodingKeys: String, CodingKey {
        case object, livemode
        case eventID = "event_id"
        case deliveriesQueued = "deliveries_queued"
    }
}
