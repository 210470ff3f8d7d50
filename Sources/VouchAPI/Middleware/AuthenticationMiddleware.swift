import HTTPTypes
import Hummingbird
import Logging
import VouchCore

extension Request {
    /// The credential after `Bearer ` (or the seed's `JWT `), if any. Parsed by hand: it runs on
    /// every request, and Foundation's trimming showed up in profiles.
    func bearerCredential(schemes: [String] = ["bearer"]) -> String? {
        guard let header = headers[.authorization], let space = header.utf8.firstIndex(of: UInt8(ascii: " ")) else {
            return nil
        }
        let scheme = String(decoding: header.utf8[..<space].map { $0 | 0x20 }, as: UTF8.self)
        guard schemes.contains(scheme) else { return nil }
        let credential = header.utf8[header.utf8.index(after: space)...].drop { $0 == UInt8(ascii: " ") }
        let trimmed = credential.reversed().drop { $0 == UInt8(ascii: " ") }.reversed()
        return trimmed.isEmpty ? nil : String(decoding: trimmed, as: UTF8.self)
    }
}

/// Checks the API key on merchant routes: 401 without a valid one, 403 for a suspended tenant.
/// The key is the actor that the request's audit rows name.
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = VouchRequestContext
    let authenticator: APIKeyAuthenticator
    /// Rate limits, when they are on.
    let rateLimits: RateLimitGate?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let presented = request.bearerCredential(),
            let key = try await authenticator.authenticate(presented)
        else { throw APIError.unauthorized }
        guard key.tenantStatus == .active else { throw APIError.tenantSuspended }
        var context = context
        context.apiKey = key
        context.logger[metadataKey: "tenant_id"] = .string(key.tenant.description)
        let keyText = key.keyID.description
        context.logger[metadataKey: "api_key_id"] = .string(keyText)
        let actor = AuditActor(kind: .apiKey, id: keyText, requestID: context.requestID)
        return try await ResponseMode.$livemode.withValue(key.livemode) {
            guard let rateLimits else {
                return try await AuditActor.$current.withValue(actor) { try await next(request, context) }
            }
            let policies = rateLimits.policies(for: key)
            let decision: RateLimitDecision
            if let now = rateLimits.decisionNow(for: key, policies) {
                decision = now
            } else {
                decision = await rateLimits.decisionWaiting(for: key, policies)
            }
            try rateLimits.admit(decision, keyPolicy: policies.perKey)
            return try await RateLimitGate.run(as: actor, under: decision) { try await next(request, context) }
        }
    }
}

/// Checks the applicant session token on the end-user routes, then its tenant's status (a
/// suspended tenant's sessions answer `403 tenant_suspended`, as its keys do) and the
/// applicant's own rate limits: uploads and reads apart, so that a session cannot loop
/// uploads, each a stored file and a billed check.
struct ApplicantSessionMiddleware: RouterMiddleware {
    typealias Context = VouchRequestContext
    let sessions: ApplicantSessions
    let authenticator: APIKeyAuthenticator
    /// Per applicant, when rate limits are on.
    let rateLimits: ApplicantRateLimits?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = request.bearerCredential(schemes: ["bearer", "jwt"]),
            let claims = await sessions.verify(token)
        else { throw APIError.invalidSessionToken }
        switch try await authenticator.tenantStatus(claims.tenant) {
        case .active?: break
        case .suspended?: throw APIError.tenantSuspended
        case nil: throw APIError.invalidSessionToken
        }
        var context = context
        context.session = claims
        context.logger[metadataKey: "tenant_id"] = .string(claims.tenantID)
        let actor = AuditActor(kind: .applicantSession, id: claims.applicant.description, requestID: context.requestID)
        guard let rateLimits else {
            return try await AuditActor.$current.withValue(actor) { try await next(request, context) }
        }
        let decision = await rateLimits.decide(for: claims, uploading: request.method == .post)
        try RateLimitGate.admit(decision, for: "applicant")
        return try await RateLimitGate.run(as: actor, under: decision) { try await next(request, context) }
    }
}

/// An applicant's limits on the end-user routes, kept by the limiter the merchant routes use.
struct ApplicantRateLimits: Sendable {
    let limiter: any RateLimiter
    let uploads: RateLimitPolicy
    let reads: RateLimitPolicy

    func decide(for claims: ApplicantSessionClaims, uploading: Bool) async -> RateLimitDecision {
        let applicant = claims.applicant
        return uploading
            ? await limiter.decide(.applicantUploads(applicant), tenant: claims.tenant, policy: uploads)
            : await limiter.decide(.applicantReads(applicant), tenant: claims.tenant, policy: reads)
    }
}
