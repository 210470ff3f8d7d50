import HTTPTypes
import Hummingbird
import VouchCore

/// Rate limits per API key and per tenant (GCRA, in memory or shared), with the IETF RateLimit fields on
/// every response and `429 rate_limited` with `Retry-After` past the limit. A tenant's plan may set
/// its own limits; `perKey` and `perTenant` are the server's defaults.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = TenantContext
    let limiter: any RateLimiter
    let perKey: RateLimitPolicy
    let perTenant: RateLimitPolicy

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let limits = context.key.planLimits
        let keyPolicy = limits.perKey ?? perKey
        let decision = await limiter.decide(
            key: context.key.keyID,
            tenant: context.tenant,
            perKey: keyPolicy,
            perTenant: limits.perTenant ?? perTenant
        )
        guard decision.allowed else {
            var error = APIError(
                .tooManyRequests,
                code: "rate_limited",
                title: "Rate limited",
                detail:
                    "Too many requests for this \(decision.policy == keyPolicy ? "API key" : "merchant"); retry after \(decision.retryAfterSeconds) s."
            )
            Self.write(decision, into: &error.headers)
            error.headers[.retryAfter] = String(decision.retryAfterSeconds)
            throw error
        }
        do {
            var response = try await next(request, context)
            Self.write(decision, into: &response.headers)
            return response
        } catch {
            // Client errors carry the fields too; server errors go on as they are, to be
            // logged once, by kind, where every error is turned into a problem.
            var problem = ProblemMiddleware.apiError(for: error)
            guard problem.status.kind != .serverError else { throw error }
            Self.write(decision, into: &problem.headers)
            throw problem
        }
    }

    static let policyField = HTTPField.Name("RateLimit-Policy")!
    static let limitField = HTTPField.Name("RateLimit")!

    static func write(_ decision: RateLimitDecision, into headers: inout HTTPFields) {
        headers[policyField] = decision.policy.fieldValue
        headers[limitField] = "\"\(decision.policy.name)\";r=\(decision.remaining);t=\(decision.resetSeconds)"
    }
}
