import Foundation

/// What a limit counts: one API key's requests, or all of a tenant's.
public enum RateLimitBucket: Sendable, Hashable {
    case apiKey(APIKeyID)
    case tenant

    /// The bucket's name where it is stored as text.
    var name: String {
        switch self {
        case .apiKey(let id): "key:\(id)"
        case .tenant: "tenant"
        }
    }
}

/// Decides whether one more request of a bucket may pass.
public protocol RateLimiter: Sendable {
    func decide(_ bucket: RateLimitBucket, tenant: TenantID, policy: RateLimitPolicy) async -> RateLimitDecision
}
