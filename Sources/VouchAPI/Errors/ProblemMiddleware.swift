import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import VouchCore

/// Turns every error into problem+json with a stable `code`, so clients never see a framework's
/// own error text, SQL or a stack trace. A path the server knows, asked with a method it does not
/// take, answers `405` with `Allow` rather than the router's `404`.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = VouchRequestContext
    let registry: RouteRegistry

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = registry.methods(matching: request.uri.path)
            guard !allowed.isEmpty, !allowed.contains(request.method.rawValue) else {
                return Self.response(for: .notFound("route"), requestID: context.requestID)
            }
            var problem = APIError(.methodNotAllowed, detail: "This path takes \(allowed.joined(separator: ", ")), not \(request.method).")
            problem.headers[.allow] = allowed.joined(separator: ", ")
            return Self.response(for: problem, requestID: context.requestID)
        } catch {
            return Self.response(for: Self.apiError(for: error, logger: context.logger), requestID: context.requestID)
        }
    }

    /// The API error for `error`, logging the ones that are our fault (by kind only).
    static func apiError(for error: any Error, logger: Logger) -> APIError {
        let apiError = apiError(for: error)
        if apiError.status.kind == .serverError {
            logger.error("request failed", metadata: ["error": "\(describe(error))"])
        }
        return apiError
    }

    static func apiError(for error: any Error) -> APIError {
        switch error {
        case let error as APIError: return error
        case let error as VouchError: return .from(error)
        case _ where DatabaseFailure(error)?.isOutage == true: return .databaseUnavailable
        case _ where DatabaseFailure(error) == .unstorableText: return .invalidText
        case is APIKeyLookupThrottled: return .keyLookupsThrottled
        case is NIOTooManyBytesError:
            return APIError(
                .bodyTooLarge,
                detail: "The request body is larger than this endpoint accepts."
            )
        case let error as HTTPError:
            switch error.status {
            case .notFound: return .notFound("route")
            case .methodNotAllowed:
                return APIError(
                    .methodNotAllowed,
                    detail: "This path does not accept this method."
                )
            default: return APIError(unmappedStatus: error.status)
            }
        default: return .unexpected
        }
    }

    /// Only the kind of error: its text may hold personal data from the request.
    static func describe(_ error: any Error) -> String {
        if let summary = DatabaseFailure.summary(of: error) { return summary }
        return String(describing: type(of: error))
    }

    static func response(for error: APIError, requestID: String) -> Response {
        let body = (try? JSONCoding.problemEncoder.encode(ProblemDocument(error, requestID: requestID))) ?? Data()
        var headers = error.headers
        headers[.contentType] = "application/problem+json"
        return Response(status: error.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
