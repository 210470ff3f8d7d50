import Foundation

/// Decides whether one more request of a bucket (an API key, a tenant) may pass.
public protocol RateLimiter: Sendable {
    func decide(_ bucket: String, tenant: TenantID, policy: RateLimitPolicy) async -> RateLimitDecision
}

extension InMemoryRateLimiter: RateLimiter {
    public func decide(_ bucket: String, tenant: TenantID, policy: RateLimitPolicy) async -> RateLimitDecision {
        decide("\(tenant):\(bucket)", policy: policy)
    }
}
