import HTTPTypes
import Hummingbird

/// Takes an upload permit before anything reads the request's body (the idempotency check
/// hashes it, the handler decodes it) and gives it back once the response is made. Past the
/// wait: `503 uploads_busy` with `Retry-After`.
struct UploadAdmissionMiddleware<Context: RequestContext>: RouterMiddleware {
    let gate: UploadGate

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await gate.withPermit { try await next(request, context) }
        } catch is UploadGate.Busy {
            throw APIError.uploadsBusy
        }
    }
}
