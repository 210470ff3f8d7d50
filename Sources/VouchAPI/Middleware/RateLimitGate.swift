import HTTPTypes
import Hummingbird
import VouchCore

/// Rate limits per API key and per tenant (GCRA, in memory or shared), with the IETF RateLimit fields on
/// every response and `429 rate_limited` with `Retry-After` past the limit. A tenant's plan may set
/// its own limits; `perKey` and `perTenant` are the server's defaults.
///
/// `APIKeyMiddleware` applies it inline, right after the key is checked, with no middleware or
/// closure of its own, and the in-memory limiter is asked without suspending: measured, each
/// such layer cost more per request than the decision itself.
struct RateLimitGate: Sendable {
    let limiter: any RateLimiter
    let perKey: RateLimitPolicy
    let perTenant: RateLimitPolicy

    /// The decision for one request of `key`, without suspending; nil when the limiter needs I/O
    /// (the shared one: ask `admitWaiting`). Throws `429 rate_limited` with `Retry-After` and the
    /// fields when it refuses.
    func admitNow(_ key: AuthenticatedKey) throws -> RateLimitDecision? {
        let (keyPolicy, tenantPolicy) = policies(for: key)
        let decision = limiter.decideWithoutWaiting(key: key.keyID, tenant: key.tenant, perKey: keyPolicy, perTenant: tenantPolicy)
        return try decision.map { try refuseIfLimited($0, keyPolicy: keyPolicy) }
    }

    /// The same from a limiter that asks elsewhere.
    func admitWaiting(_ key: AuthenticatedKey) async throws -> RateLimitDecision {
        let (keyPolicy, tenantPolicy) = policies(for: key)
        let decision = await limiter.decide(key: key.keyID, tenant: key.tenant, perKey: keyPolicy, perTenant: tenantPolicy)
        return try refuseIfLimited(decision, keyPolicy: keyPolicy)
    }

    /// The key's and its tenant's policies: the plan's, or the server's defaults.
    private func policies(for key: AuthenticatedKey) -> (RateLimitPolicy, RateLimitPolicy) {
        (key.planLimits.perKey ?? perKey, key.planLimits.perTenant ?? perTenant)
    }

    private func refuseIfLimited(_ decision: RateLimitDecision, keyPolicy: RateLimitPolicy) throws -> RateLimitDecision {
        guard !decision.allowed else { return decision }
        let which = decision.policy == keyPolicy ? "API key" : "merchant"
        var error = APIError(
            .tooManyRequests,
            code: "rate_limited",
            title: "Rate limited",
            detail: "Too many requests for this \(which); retry after \(decision.retryAfterSeconds) s."
        )
        Self.write(decision, into: &error.headers)
        error.headers[.retryAfter] = String(decision.retryAfterSeconds)
        throw error
    }

    /// Client errors carry the fields too; server errors go on as they are, to be logged once,
    /// by kind, where every error is turned into a problem.
    static func stamp(_ decision: RateLimitDecision, on error: any Error) -> any Error {
        var problem = ProblemMiddleware.apiError(for: error)
        guard problem.status.kind != .serverError else { return error }
        write(decision, into: &problem.headers)
        return problem
    }

    static let policyField = HTTPField.Name("RateLimit-Policy")!
    static let limitField = HTTPField.Name("RateLimit")!

    static func write(_ decision: RateLimitDecision, into headers: inout HTTPFields) {
        headers[policyField] = decision.policy.fieldValue
        headers[limitField] = "\"\(decision.policy.name)\";r=\(decision.remaining);t=\(decision.resetSeconds)"
    }
}
