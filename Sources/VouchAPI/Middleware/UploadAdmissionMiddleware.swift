import Base
import HTTPTypes
import Hummingbird
import VouchCore

/// Takes an upload permit before anything reads the request's body (the idempotency check
/// hashes it, the handler decodes it) and gives it back once the response is made. Past the
/// wait: `503 uploads_busy` with `Retry-After`.
struct UploadAdmissionMiddleware<Context: RequestContext>: RouterMiddleware {
    let gate: UploadGate

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            // Weighed by the declared length; a body longer than declared is cut off by the server.
            let length = request.headers[.contentLength].flatMap { Int(saturatingDigits: $0) }
            return try await gate.withPermit(for: (context as? any TenantScopedContext)?.tenant, bytes: length) {
                try await next(request, context)
            }
        } catch is UploadGate.Busy {
            throw APIError.uploadsBusy
        }
    }
}

/// A context that knows its tenant, for limits kept per tenant.
protocol TenantScopedContext {
    var tenant: TenantID { get }
}

extension TenantContext: TenantScopedContext {}
extension ApplicantSessionContext: TenantScopedContext {}
