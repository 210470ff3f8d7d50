import Foundation
import HTTPTypes
import Hummingbird
import Logging
import VouchCore

extension Request {
    /// The credential after `Bearer ` (or the seed's `JWT `), if any.
    func bearerCredential(schemes: [String] = ["bearer"]) -> String? {
        guard let header = headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, schemes.contains(parts[0].lowercased()) else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }
}

/// Checks the API key on merchant routes: 401 without a valid one, 403 for a suspended tenant.
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = VouchRequestContext
    let authenticator: APIKeyAuthenticator

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let presented = request.bearerCredential(),
            let key = try await authenticator.authenticate(presented)
        else { throw APIError.unauthorized }
        guard key.tenantStatus == .active else { throw APIError.tenantSuspended }
        var context = context
        context.apiKey = key
        context.logger[metadataKey: "tenant_id"] = .string(key.tenant.description)
        context.logger[metadataKey: "api_key_id"] = .string(key.keyID.description)
        return try await next(request, context)
    }
}

/// Checks the applicant session token on the end-user routes.
struct ApplicantSessionMiddleware: RouterMiddleware {
    typealias Context = VouchRequestContext
    let sessions: ApplicantSessions

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = request.bearerCredential(schemes: ["bearer", "jwt"]),
            let claims = await sessions.verify(token)
        else { throw APIError.invalidSessionToken }
        var context = context
        context.session = claims
        context.logger[metadataKey: "tenant_id"] = .string(claims.tenantID)
        return try await next(request, context)
    }
}
