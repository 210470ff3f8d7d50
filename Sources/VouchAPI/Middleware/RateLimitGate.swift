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

    /// The key's and its tenant's policies: the plan's, or the server's defaults.
    func policies(for key: AuthenticatedKey) -> (perKey: RateLimitPolicy, perTenant: RateLimitPolicy) {
        (key.planLimits.perKey ?? perKey, key.planLimits.perTenant ?? perTenant)
    }

    /// The decision without suspending, when the limiter needs no I/O; nil for the shared one.
    func decisionNow(for key: AuthenticatedKey, _ policies: (perKey: RateLimitPolicy, perTenant: RateLimitPolicy))
        -> RateLimitDecision?
    {
        limiter.decideWithoutWaiting(key: key.keyID, tenant: key.tenant, perKey: policies.perKey, perTenant: policies.perTenant)
    }

    /// The decision of a limiter that asks elsewhere (the shared one).
    func decisionWaiting(for key: AuthenticatedKey, _ policies: (perKey: RateLimitPolicy, perTenant: RateLimitPolicy)) async
        -> RateLimitDecision
    {
        await limiter.decide(key: key.keyID, tenant: key.tenant, perKey: policies.perKey, perTenant: policies.perTenant)
    }

    /// Throws `429 rate_limited` with `Retry-After` and the fields when the decision refuses.
    func admit(_ decision: RateLimitDecision, keyPolicy: RateLimitPolicy) throws {
        try Self.admit(decision, for: decision.policy == keyPolicy ? "API key" : "merchant")
    }

    /// Throws `429 rate_limited` for `which` (who is limited, in words) when the decision refuses.
    static func admit(_ decision: RateLimitDecision, for which: String) throws {
        guard !decision.allowed else { return }
        var error = APIError(
            .rateLimited,
            detail: "Too many requests for this \(which); retry after \(decision.retryAfterSeconds) s."
        )
        write(decision, into: &error.headers)
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

    /// Runs an admitted request as `actor`, with the decision's RateLimit fields on its
    /// response, or on its error.
    static func run(
        as actor: AuditActor,
        under decision: RateLimitDecision,
        _ next: () async throws -> Response
    ) async throws -> Response {
        do {
            var response = try await AuditActor.$current.withValue(actor) { try await next() }
            write(decision, into: &response.headers)
            return response
        } catch {
            throw stamp(decision, on: error)
        }
    }
}
