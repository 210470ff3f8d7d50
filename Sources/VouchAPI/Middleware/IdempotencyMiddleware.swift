import Base
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import VouchCore

/// `Idempotency-Key` on POSTs: the same API key, `Idempotency-Key` and body replay the first
/// response; the same key with another body is 422; a key whose first request is still running
/// is 409. The route's scopes are checked first, so a key that may not make the request never
/// learns what an earlier one answered.
struct IdempotencyMiddleware: RouterMiddleware {
    typealias Context = TenantContext
    let repository: IdempotencyRepository
    /// Where each route's scopes are declared.
    let routes: RouteRegistry
    /// The largest body hashed; larger bodies fail with 413 as they would in the handler.
    let maximumBodyBytes: Int
    let maximumFileBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, let key = request.headers[.idempotencyKey] else {
            return try await next(request, context)
        }
        // Every merchant route declares its access; one that did not is never replayed.
        guard let access = context.endpointPath.flatMap({ routes.access(request.method, $0) }) else {
            return try await next(request, context)
        }
        try context.require(access.scopes)
        guard access.replaysIdempotently else { return try await next(request, context) }
        guard (1...255).contains(key.count), key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw APIError(
                .invalidIdempotencyKey,
                detail: "An Idempotency-Key is 1 to 255 printable ASCII characters.",
                field: "Idempotency-Key"
            )
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maximumBodyBytes)
        } catch is NIOTooManyBytesError {
            // The limit here is the largest upload's: a body over it is a file over the limit.
            throw APIError.fileTooLarge(limit: maximumFileBytes)
        }
        var hasher = SHA256()
        hasher.update(data: Array("\(request.method.rawValue) \(request.uri.path)\n".utf8))
        hasher.update(data: body.readableBytesView)
        let hash = Array(hasher.finalize())

        let claimID = UUID()
        let claim: IdempotencyClaim
        do {
            claim = try await repository.claim(
                tenant: context.tenant,
                apiKey: context.key.keyID,
                key: key,
                requestHash: hash,
                claim: claimID
            )
        } catch  where DatabaseFailure(error)?.isOutage == true {
            // The claim may have been committed before the connection was lost.
            await repository.releaseEventually(tenant: context.tenant, apiKey: context.key.keyID, key: key, claim: claimID)
            throw error
        }
        switch claim {
        case .replay(let stored):
            var headers: HTTPFields = [.idempotentReplayed: "true"]
            if let contentType = stored.contentType { headers[.contentType] = contentType }
            return Response(
                status: .init(code: stored.status),
                headers: headers,
                body: .init(byteBuffer: ByteBuffer(bytes: stored.body))
            )
        case .mismatch:
            throw APIError(
                .idempotencyKeyReused,
                detail: "This Idempotency-Key was used with a different request."
            )
        case .inProgress:
            var error = APIError(
                .idempotencyKeyInUse,
                detail: "A request with this Idempotency-Key is still being processed; retry later."
            )
            error.headers[.retryAfter] = "1"
            throw error
        case .outcomeUnknown:
            throw APIError(
                .idempotencyOutcomeUnknown,
                detail:
                    "The first request with this Idempotency-Key was cut off by a database failure while its changes were being committed, and may have taken effect: look for its result before repeating it with a new key."
            )
        case .started:
            return try await runAndStore(request, context: context, key: key, claim: claimID, next: next)
        }
    }

    private func runAndStore(
        _ request: Request,
        context: Context,
        key: String,
        claim: UUID,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            // Its writes may have been committed: a retry must neither run it again nor replay
            // an answer that was never made.
            if DatabaseFailure(error) == .outcomeUnknown {
                await repository.markUncertainEventually(tenant: context.tenant, apiKey: context.key.keyID, key: key, claim: claim)
                throw error
            }
            let apiError = ProblemMiddleware.apiError(for: error)
            if apiError.status.kind == .serverError || Self.isAboutTheCaller(apiError.status) {
                await repository.releaseEventually(tenant: context.tenant, apiKey: context.key.keyID, key: key, claim: claim)
                throw error
            }
            let problem = ProblemMiddleware.response(for: apiError, requestID: context.requestID)
            return try await store(problem, context: context, key: key)
        }
        guard response.status.kind != .serverError && !Self.isAboutTheCaller(response.status) else {
            await repository.releaseEventually(tenant: context.tenant, apiKey: context.key.keyID, key: key, claim: claim)
            return response
        }
        return try await store(response, context: context, key: key)
    }

    /// Answers about the caller's rights or pace, not the request: not worth replaying once the
    /// caller is given the scope or waits.
    static func isAboutTheCaller(_ status: HTTPResponse.Status) -> Bool {
        status == .unauthorized || status == .forbidden || status == .tooManyRequests
    }

    /// The applicant a response is about: the one the path names, else the one the body names
    /// (a new applicant, a review's), so that erasing it deletes the stored response.
    static func applicant(context: Context, body: [UInt8]) -> ApplicantID? {
        if context.endpointPath?.hasPrefix("/v1/applicants/{id}") == true, let id = context.parameters.get("id") {
            return ApplicantID(id)
        }
        guard case .object(let fields)? = try? JSONValue(parsing: Data(body)) else { return nil }
        if case .string(let id)? = fields["applicant_id"] { return ApplicantID(id) }
        if case .string("applicant")? = fields["object"], case .string(let id)? = fields["id"] { return ApplicantID(id) }
        return nil
    }

    /// Reads the response body, stores it, and answers with the same bytes.
    private func store(_ response: Response, context: Context, key: String) async throws -> Response {
        let collector = BodyCollector()
        try await response.body.write(CollectingWriter(collector: collector))
        let stored = StoredResponse(
            status: response.status.code,
            contentType: response.headers[.contentType],
            body: Array(collector.buffer.readableBytesView)
        )
        try await repository.completeEventually(
            tenant: context.tenant,
            apiKey: context.key.keyID,
            key: key,
            response: stored,
            applicant: Self.applicant(context: context, body: stored.body)
        )
        var copy = response
        copy.body = .init(byteBuffer: collector.buffer)
        return copy
    }
}

private final class BodyCollector: @unchecked Sendable {
    var buffer = ByteBuffer()
}

private struct CollectingWriter: ResponseBodyWriter {
    let collector: BodyCollector

    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        collector.buffer.writeBuffer(&buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
