import Crypto
import HTTPTypes
import Hummingbird
import NIOCore
import VouchCore

/// `Idempotency-Key` on POSTs: the same key and body replay the first response; the same key
/// with another body is 422; a key whose first request is still running is 409.
struct IdempotencyMiddleware: RouterMiddleware {
    typealias Context = TenantContext
    let repository: IdempotencyRepository
    /// The largest body hashed; larger bodies fail with 413 as they would in the handler.
    let maximumBodyBytes: Int
    let maximumFileBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, let key = request.headers[.idempotencyKey] else {
            return try await next(request, context)
        }
        guard (1...255).contains(key.count), key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw APIError(
                .badRequest,
                code: "invalid_idempotency_key",
                title: "Invalid Idempotency-Key",
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

        switch try await repository.claim(tenant: context.tenant, key: key, requestHash: hash) {
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
                .unprocessableContent,
                code: "idempotency_key_reused",
                title: "Idempotency-Key reused",
                detail: "This Idempotency-Key was used with a different request."
            )
        case .inProgress:
            throw APIError(
                .conflict,
                code: "idempotency_key_in_use",
                title: "Idempotency-Key in use",
                detail: "A request with this Idempotency-Key is still being processed; retry later."
            )
        case .started:
            return try await runAndStore(request, context: context, key: key, next: next)
        }
    }

    private func runAndStore(
        _ request: Request,
        context: Context,
        key: String,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            let apiError = ProblemMiddleware.apiError(for: error)
            if apiError.status.kind == .serverError || Self.isAboutTheCaller(apiError.status) {
                try? await repository.release(tenant: context.tenant, key: key)
                throw error
            }
            let problem = ProblemMiddleware.response(for: apiError, requestID: context.requestID)
            return try await store(problem, context: context, key: key)
        }
        guard response.status.kind != .serverError && !Self.isAboutTheCaller(response.status) else {
            try? await repository.release(tenant: context.tenant, key: key)
            return response
        }
        return try await store(response, context: context, key: key)
    }

    /// Answers about the caller's rights or pace, not the request: not worth replaying once the
    /// caller is given the scope or waits.
    static func isAboutTheCaller(_ status: HTTPResponse.Status) -> Bool {
        status == .unauthorized || status == .forbidden || status == .tooManyRequests
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
        try await repository.complete(tenant: context.tenant, key: key, response: stored)
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
