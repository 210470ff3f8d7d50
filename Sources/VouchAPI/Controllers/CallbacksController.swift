import Base
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import VouchCore

/// `/v1/callbacks/regulator`: the regulator finishing a `pending` check. No API key: the body's
/// HMAC signature under the regulator's shared secret is the authentication.
struct CallbacksController {
    let callbacks: RegulatorCallbackService

    func addRoutes(to router: Router<VouchRequestContext>, registry: RouteRegistry) {
        router.on(.post, "/v1/callbacks/regulator", in: registry, use: regulator)
    }

    @Sendable func regulator(_ request: Request, context: VouchRequestContext) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: 64 * 1024)
        } catch is NIOTooManyBytesError {
            throw APIError(.bodyTooLarge, detail: "Callbacks are at most 64 KiB.")
        }
        let signature = request.headers[HTTPField.Name("X-Regulator-Signature")!]
        let outcome: RegulatorCallbackService.Outcome
        do {
            outcome = try await callbacks.handle(body: Array(body.readableBytesView), signature: signature)
        } catch let failure as RegulatorCallbackService.Failure {
            throw Self.apiError(failure)
        }
        let answer =
            switch outcome {
            case .applied(let reference, let status):
                RegulatorCallbackBody(reference: reference, status: status, applied: true, replay: false)
            case .alreadyApplied(let reference, let status):
                RegulatorCallbackBody(reference: reference, status: status, applied: false, replay: true)
            }
        return try JSONCoding.response(answer)
    }

    static func apiError(_ failure: RegulatorCallbackService.Failure) -> APIError {
        switch failure {
        case .notConfigured, .signatureInvalid:
            APIError(
                .invalidSignature,
                detail: "`X-Regulator-Signature` must be `sha256=<hex>` of HMAC-SHA256 over the raw body under the shared secret."
            )
        case .timestampOutOfWindow:
            APIError(
                .staleTimestamp,
                detail: "The callback's `timestamp` is more than 5 minutes away from now; send a fresh one."
            )
        case .malformed(let field):
            field == "body is not JSON"
                ? .malformedJSON
                : .invalidField(field, field == "status" ? "must be match or no_match" : "is missing or invalid")
        case .unknownReference: .notFound("regulator reference")
        }
    }
}
