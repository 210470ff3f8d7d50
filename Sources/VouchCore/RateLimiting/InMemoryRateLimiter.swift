import Foundation
import Synchronization

/// Limits by key in this process's memory: one `Double` per key, under a lock held for a few
/// arithmetic operations. Keys idle for longer than their window are dropped now and then.
public final class InMemoryRateLimiter: Sendable, RateLimiter {
    /// Ids, not text: building strings per request cost more than the decision itself.
    struct Key: Hashable {
        enum Kind: UInt8 { case apiKey, tenant, applicantUploads, applicantReads }
        var tenant: UUID
        var subject: UUID?
        var kind: Kind
    }

    private struct State {
        var arrivals: [Key: Double] = [:]
        var decisions = 0
    }

    private let state = Mutex(State())

    public init() {}

    public func decide(_ bucket: RateLimitBucket, tenant: TenantID, policy: RateLimitPolicy) async -> RateLimitDecision {
        decide(bucket, tenant: tenant, policy: policy, now: Date().timeIntervalSince1970)
    }

    public func decide(_ bucket: RateLimitBucket, tenant: TenantID, policy: RateLimitPolicy, now: Double) -> RateLimitDecision {
        let key: Key =
            switch bucket {
            case .apiKey(let id): Key(tenant: tenant.uuid, subject: id.uuid, kind: .apiKey)
            case .tenant: Key(tenant: tenant.uuid, subject: nil, kind: .tenant)
            case .applicantUploads(let id): Key(tenant: tenant.uuid, subject: id.uuid, kind: .applicantUploads)
            case .applicantReads(let id): Key(tenant: tenant.uuid, subject: id.uuid, kind: .applicantReads)
            }
        return state.withLock { state in
            state.decisions += 1
            if state.decisions % 100_000 == 0 {
                // Keys whose arrival time has passed hold no information: forget them.
                state.arrivals = state.arrivals.filter { $0.value > now }
            }
            let (decision, next) = GCRA.decide(policy: policy, storedArrival: state.arrivals[key], now: now)
            if let next { state.arrivals[key] = next }
            return decision
        }
    }

    /// Both limits under one lock; a request the tenant refuses does not use the key's allowance.
    public func decide(key: APIKeyID, tenant: TenantID, perKey: RateLimitPolicy, perTenant: RateLimitPolicy) async -> RateLimitDecision {
        decideNow(key: key, tenant: tenant, perKey: perKey, perTenant: perTenant)
    }

    public func decideWithoutWaiting(key: APIKeyID, tenant: TenantID, perKey: RateLimitPolicy, perTenant: RateLimitPolicy)
        -> RateLimitDecision?
    {
        decideNow(key: key, tenant: tenant, perKey: perKey, perTenant: perTenant)
    }

    func decideNow(key: APIKeyID, tenant: TenantID, perKey: RateLimitPolicy, perTenant: RateLimitPolicy) -> RateLimitDecision {
        let now = Date().timeIntervalSince1970
        let keyBucket = Key(tenant: tenant.uuid, subject: key.uuid, kind: .apiKey)
        let tenantBucket = Key(tenant: tenant.uuid, subject: nil, kind: .tenant)
        return state.withLock { state in
            let (keyDecision, keyNext) = GCRA.decide(policy: perKey, storedArrival: state.arrivals[keyBucket], now: now)
            guard let keyNext else { return keyDecision }
            let (tenantDecision, tenantNext) = GCRA.decide(policy: perTenant, storedArrival: state.arrivals[tenantBucket], now: now)
            guard let tenantNext else { return tenantDecision }
            state.arrivals[keyBucket] = keyNext
            state.arrivals[tenantBucket] = tenantNext
            return RateLimitDecision.tighter(keyDecision, tenantDecision)
        }
    }
}
