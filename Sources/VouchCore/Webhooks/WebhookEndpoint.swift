import Foundation

/// A merchant's endpoint: where its events go and which ones.
public struct WebhookEndpoint: Sendable, Equatable {
    public enum Status: String, Sendable {
        case enabled
        case paused
        /// By Vouch: the endpoint answered 410, or failed everything for five days.
        case disabled
    }

    public var id: WebhookEndpointID
    public var url: String
    public var description: String
    /// Empty: every event type.
    public var eventTypes: [String]
    public var payload: WebhookPayload
    public var status: Status
    public var disabledReason: String?
    public var failingSince: Date?
    public var previousSecretExpiresAt: Date?
    /// Ed25519 endpoints: the public keys the merchant verifies with, the outgoing one while it
    /// still signs.
    public var publicKey: String?
    public var previousPublicKey: String?
    public var createdAt: Date
    public var updatedAt: Date

    public var signing: WebhookSigning { publicKey == nil ? .hmacSHA256 : .ed25519 }
}

/// What a merchant may change on an endpoint; nil leaves a field as it is.
public struct WebhookEndpointChanges: Sendable {
    public var url: String?
    public var description: String?
    public var eventTypes: [String]?
    public var payload: WebhookPayload?
    /// `enabled` or `paused` (re-enabling a disabled endpoint clears its reason).
    public var status: WebhookEndpoint.Status?

    public init(
        url: String? = nil,
        description: String? = nil,
        eventTypes: [String]? = nil,
        payload: WebhookPayload? = nil,
        status: WebhookEndpoint.Status? = nil
    ) {
        self.url = url
        self.description = description
        self.eventTypes = eventTypes
        self.payload = payload
        self.status = status
    }
}
