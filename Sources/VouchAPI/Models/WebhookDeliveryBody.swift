import Foundation
import VouchCore

/// One event's delivery to one endpoint, with every attempt, as the API shows it.
struct WebhookDeliveryBody: Encodable {
    /// One try at delivering, and what the receiver answered.
    struct Attempt: Encodable {
        var attemptedAt: Date
        @Nullable var statusCode: Int?
        var latencyMilliseconds: Int
        @Nullable var error: String?
        @Nullable var responseBody: String?

        enum CodingKeys: String, CodingKey {
            case attemptedAt = "attempted_at"
            case statusCode = "status_code"
            case latencyMilliseconds = "latency_ms"
            case error
            case responseBody = "response_body"
        }

        init(_ attempt: WebhookDeliveryRecord.Attempt) {
            attemptedAt = attempt.attemptedAt
            statusCode = attempt.statusCode
            latencyMilliseconds = attempt.latencyMilliseconds
            error = attempt.error
            responseBody = attempt.responseBody
        }
    }

    var object = "webhook_delivery"
    var livemode = Livemode()
    var id: String
    var eventID: String
    var eventType: String
    var state: String
    @Nullable var nextAttemptAt: Date?
    var createdAt: Date
    @Nullable var deliveredAt: Date?
    var attempts: [Attempt]

    enum CodingKeys: String, CodingKey {
        case object, livemode, id
        case eventID = "event_id"
        case eventType = "event_type"
        case state
        case nextAttemptAt = "next_attempt_at"
        case createdAt = "created_at"
        case deliveredAt = "delivered_at"
        case attempts
    }

    init(_ delivery: WebhookDeliveryRecord) {
        id = delivery.id.description
        eventID = delivery.eventID.description
        eventType = delivery.eventType
        state = delivery.state
        nextAttemptAt = delivery.nextAttemptAt
        createdAt = delivery.createdAt
        deliveredAt = delivery.deliveredAt
        attempts = delivery.attempts.map(Attempt.init)
    }
}

/// `POST /v1/webhook-endpoints/{id}/test`: how the receiver answered a `ping`.
struct WebhookTestBody: Encodable {
    var object = "webhook_test"
    var livemode = Livemode()
    var endpointID: String
    var eventID: String
    var delivered: Bool
    @Nullable var statusCode: Int?
    var latencyMilliseconds: Int
    @Nullable var error: String?
    @Nullable var responseBody: String?

    enum CodingKeys: String, CodingKey {
        case object, livemode
        case endpointID = "endpoint_id"
        case eventID = "event_id"
        case delivered
        case statusCode = "status_code"
        case latencyMilliseconds = "latency_ms"
        case error
        case responseBody = "response_body"
    }

    init(_ result: WebhookPinger.Result, endpoint: WebhookEndpointID) {
        endpointID = endpoint.description
        eventID = result.eventID
        delivered = result.delivered
        statusCode = result.statusCode
        latencyMilliseconds = result.latencyMilliseconds
        error = result.error
        responseBody = result.responseBody
    }
}
