import Foundation
import VouchCore

/// An API key as the API shows it; `secret` only in the answer that created it.
struct APIKeyBody: Encodable {
    var object = "api_key"
    var livemode = Livemode()
    var id: String
    var name: String
    var scopes: [String]
    var createdAt: Date
    @Nullable var lastUsedAt: Date?
    @Nullable var revokedAt: Date?
    var secret: String?

    enum CodingKeys: String, CodingKey {
        case object, livemode, id, name, scopes
        case createdAt = "created_at"
        case lastUsedAt = "last_used_at"
        case revokedAt = "revoked_at"
        case secret
    }

    init(_ key: APIKeySummary, secret: String? = nil, livemode: Bool? = nil) {
        self.livemode = Livemode(livemode)
        id = key.id.description
        name = key.name
        scopes = key.scopes.map(\.rawValue)
        createdAt = key.createdAt
        lastUsedAt = key.lastUsedAt
        revokedAt = key.revokedAt
        self.secret = secret
    }
}
