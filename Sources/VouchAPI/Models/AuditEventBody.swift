import Base
import Foundation
import Verification
import VouchCore

/// An audit event as the API shows it, with its place in the tenant's hash chain.
struct AuditEventBody: Encodable {
    /// Who acted: a kind (`api_key`, `operator`, …) and its id.
    struct Actor: Encodable {
        var type: String
        var id: String
    }

    var object = "audit_event"
    var livemode = Livemode()
    var id: String
    var sequence: Int
    var occurredAt: Date
    var actor: Actor
    /// Null for work no request started (jobs, operator commands).
    @Nullable var requestID: String?
    var action: String
    var objectType: String
    var objectID: String
    var details: JSONValue
    var previousHash: String
    var hash: String

    enum CodingKeys: String, CodingKey {
        case object, livemode, id, sequence
        case occurredAt = "occurred_at"
        case actor
        case requestID = "request_id"
        case action
        case objectType = "object_type"
        case objectID = "object_id"
        case details
        case previousHash = "previous_hash"
        case hash
    }

    init(_ event: AuditEvent) {
        id = event.id.description
        sequence = event.sequence
        occurredAt = event.occurredAt
        actor = Actor(type: event.actor.kind.rawValue, id: event.actor.id)
        requestID = event.actor.requestID.isEmpty ? nil : event.actor.requestID
        action = event.action
        objectType = event.object.type
        objectID = event.object.id
        details = event.details
        previousHash = event.previousHash.lowercaseHex
        hash = event.hash.lowercaseHex
    }
}
