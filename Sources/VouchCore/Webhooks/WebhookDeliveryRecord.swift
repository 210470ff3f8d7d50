import Foundation

/// One delivery as the merchant sees it, with every attempt.
public struct WebhookDeliveryRecord: Sendable {
    public struct Attempt: Sendable {
        public var attemptedAt: Date
        public var statusCode: Int?
        public var latencyMilliseconds: Int
        public var error: String?
        public var responseBody: String?
    }

    public var id: WebhookDeliveryID
    public var eventID: EventID
    public var eventType: String
    /// `pending`, `sending`, `delivered` or `dead`.
    public var state: String
    public var attempts: [Attempt]
    public var nextAttemptAt: Date?
    public var createdAt: Date
    public var deliveredAt: Date?
}
