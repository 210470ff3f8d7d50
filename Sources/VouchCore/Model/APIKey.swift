import Crypto
import Foundation

/// An API key as stored: never the secret, only its hash.
public struct APIKeyRecord: Sendable, Equatable {
    public var id: APIKeyID
    public var name: String
    public var lookupPrefix: String
    public var secretHash: [UInt8]
    public var scopes: [Scope]
}

/// A key as its tenant's admins see it: never its secret.
public struct APIKeySummary: Sendable, Equatable {
    public var id: APIKeyID
    public var name: String
    public var scopes: [Scope]
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    public init(id: APIKeyID, name: String, scopes: [Scope], createdAt: Date, lastUsedAt: Date?, revokedAt: Date?) {
        self.id = id
        self.name = name
        self.scopes = scopes
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }
}

/// A key just created: the only moment its secret exists in clear.
public struct IssuedAPIKey: Sendable {
    public var record: APIKeyRecord
    public var secret: String
}

/// What a presented API key proved.
public struct AuthenticatedKey: Sendable, Equatable {
    public var tenant: TenantID
    public var keyID: APIKeyID
    public var scopes: Set<Scope>
    public var tenantStatus: Tenant.Status
    /// Live or test: a test key's tenant is its live tenant's test-mode twin.
    public var livemode: Bool { tenant.livemode }
    /// The limits of the tenant's plan; nil fields fall back to the server's defaults.
    public var planLimits = PlanRateLimits()
}

/// The request limits a plan sets, per API key and per tenant.
public struct PlanRateLimits: Sendable, Equatable {
    public var perKey: RateLimitPolicy?
    public var perTenant: RateLimitPolicy?

    public init(perKey: RateLimitPolicy? = nil, perTenant: RateLimitPolicy? = nil) {
        self.perKey = perKey
        self.perTenant = perTenant
    }

    /// The policies of plan `plan` allowing so many requests per second (nil: the default).
    public init(plan: String, keyPerSecond: Int?, tenantPerSecond: Int?) {
        perKey = keyPerSecond.map { RateLimitPolicy(name: plan, quota: $0) }
        perTenant = tenantPerSecond.map { RateLimitPolicy(name: "\(plan)-tenant", quota: $0) }
    }
}

/// The text form of API keys: `vk_live_<tenant hex>_<lookup prefix>_<secret>`, and
/// `vk_test_…` for a test-mode twin's keys.
///
/// The tenant id in the key lets authentication read the key row under that tenant's row-level
/// security, through an index that leads with `tenant_id` like every other. The mode in the
/// prefix must agree with the one the id carries.
public enum APIKeyMaterial {
    static let livePrefix = "vk_live_"
    static let testPrefix = "vk_test_"
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    static func modePrefix(_ tenant: TenantID) -> String { tenant.isTestMode ? testPrefix : livePrefix }

    /// Creates a key with a random lookup prefix and a 190-bit secret.
    public static func issue(tenant: TenantID, name: String, scopes: [Scope]) -> IssuedAPIKey {
        let prefix = randomText(count: 12)
        let secret = modePrefix(tenant) + tenant.uuid.compactHex + "_" + prefix + "_" + randomText(count: 32)
        let record = APIKeyRecord(
            id: .generate(),
            name: name,
            lookupPrefix: prefix,
            secretHash: hash(secret),
            scopes: scopes
        )
        return IssuedAPIKey(record: record, secret: secret)
    }

    /// Splits a presented key into its tenant and lookup prefix, or nil if it is not shaped like one.
    public static func parse(_ presented: String) -> (tenant: TenantID, lookupPrefix: String)? {
        guard presented.hasPrefix(livePrefix) || presented.hasPrefix(testPrefix) else { return nil }
        let parts = presented.dropFirst(livePrefix.count).split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].count == 12, parts[2].count == 32, let uuid = UUID(hex: parts[0]) else {
            return nil
        }
        let tenant = TenantID(uuid: uuid)
        guard presented.hasPrefix(modePrefix(tenant)) else { return nil }
        return (tenant, String(parts[1]))
    }

    public static func hash(_ presented: String) -> [UInt8] {
        Array(SHA256.hash(data: Data(presented.utf8)))
    }

    /// Compares two hashes in time that does not depend on where they differ.
    public static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }

    static func randomText(count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet[Int(generator.next(upperBound: UInt(alphabet.count)))] })
    }
}
