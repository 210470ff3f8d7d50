import Foundation

/// What a limit counts: one API key's requests, all of a tenant's, or one applicant's on the
/// end-user routes (its uploads apart from its reads).
public enum RateLimitBucket: Sendable, Hashable {
    case apiKey(APIKeyID)
    case tenant
    case applicantUploads(ApplicantID)
    case applicantReads(ApplicantID)

    /// The bucket's name where it is stored as text.
    var name: String {
        switch self {
        case .apiKey(let id): "key:\(id)"
        case .tenant: "tenant"
        case .applicantUploads(let id): "applicant-uploads:\(id)"
        case .applicantReads(let id): "applicant-reads:\(id)"
        }
    }
}

/// Decides whether one more request of a bucket may pass.
public protocol RateLimiter: Sendable {
    func decide(_ bucket: RateLimitBucket, tenant: TenantID, policy: RateLimitPolicy) async -> RateLimitDecision

    /// One request of an API key: its key's limit first, then its tenant's; the decision to
    /// show is the refusing one, or the one with fewer requests left.
    func decide(key: APIKeyID, tenant: TenantID, perKey: RateLimitPolicy, perTenant: RateLimitPolicy) async -> RateLimitDecision

    /// The same decision without suspending, for limiters that need no I/O; nil for the others.
    /// Calling an `async` function can move the request to another executor and back, which
    /// costs more than an in-memory decision.
    func decideWithoutWaiting(key: APIKeyID, tenant: TenantID, perKey: RateLimitPolicy, perTenant: RateLimitPolicy) -> RateLimitDecision?
}

extension RateLimiter {
    public func decideWithoutWaiting(key: APIKeyID, tenant: TenantID, perKey: RateLimitPolicy, perTenant: RateLimitPolicy)
        -> RateLimitDecision?
    {
        nil
    }

    public func decide(key: APIKeyID, tenant: TenantID, perKey: RateLimitPolicy, perTenant: RateLimitPolicy) async -> RateLimitDecision {
        let keyDecision = await decide(.apiKey(key), tenant: tenant, policy: perKey)
        guard keyDecision.allowed else { return keyDecision }
        return RateLimitDecision.tighter(keyDecision, await decide(.tenant, tenant: tenant, policy: perTenant))
    }
}

extension RateLimitDecision {
    /// The decision a client should pace itself by: a refusal, else the one with fewer left.
    static func tighter(_ first: RateLimitDecision, _ second: RateLimitDecision) -> RateLimitDecision {
        if !second.allowed { return second }
        return second.remaining < first.remaining ? second : first
    }
}
