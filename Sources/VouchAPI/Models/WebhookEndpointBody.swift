import Foundation
import VouchCore

/// A webhook endpoint as the API shows it; an HMAC `secret` only when it was just created or
/// rotated; an Ed25519 endpoint's public keys always (its secret key never).
struct WebhookEndpointBody: Encodable {
    var object = "webhook_endpoint"
    var livemode = Livemode()
    var id: String
    var url: String
    var description: String
    /// `["*"]` for an endpoint that takes every type (stored as an empty list).
    var events: [String]
    var payload: String
    var status: String
    @Nullable var disabledReason: String?
    @Nullable var failingSince: Date?
    @Nullable var previousSecretExpiresAt: Date?
    var signing: String
    @Nullable var publicKey: String?
    /// The outgoing public key, while its secret key still signs.
    @Nullable var previousPublicKey: String?
    var createdAt: Date
    var updatedAt: Date
    var secret: String?

    enum CodingKeys: String, CodingKey {
        case object, livemode, id, url, description, events, payload, status
        case disabledReason = "disabled_reason"
        case failingSince = "failing_since"
        case previousSecretExpiresAt = "previous_secret_expires_at"
        case signing
        case publicKey = "public_key"
        case previousPublicKey = "previous_public_key"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case secret
    }

    init(_ endpoint: WebhookEndpoint, secret: String? = nil, now: Date = Date()) {
        id = endpoint.id.description
        url = endpoint.url
        description = endpoint.description
        events = endpoint.eventTypes.isEmpty ? ["*"] : endpoint.eventTypes
        payload = endpoint.payload.rawValue
        status = endpoint.status.rawValue
        disabledReason = endpoint.disabledReason
        failingSince = endpoint.failingSince
        previousSecretExpiresAt = endpoint.previousSecretExpiresAt
        signing = endpoint.signing.rawValue
        publicKey = endpoint.publicKey
        previousPublicKey = endpoint.previousSecretExpiresAt.map { $0 > now } == true ? endpoint.previousPublicKey : nil
        createdAt = endpoint.createdAt
        updatedAt = endpoint.updatedAt
        self.secret = endpoint.signing == .hmacSHA256 ? secret : nil
    }
}
