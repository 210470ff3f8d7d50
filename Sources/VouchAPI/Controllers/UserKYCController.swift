import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import VouchCore

/// The seed's own end-user endpoints, called by an app with an applicant session token.
struct UserKYCController {
    let applicants: ApplicantRepository
    let documents: DocumentService

    /// `uploads` is the group whose requests hold an upload permit before their body is read.
    func addRoutes(to group: RouterGroup<ApplicantSessionContext>, uploads: RouterGroup<ApplicantSessionContext>, registry: RouteRegistry) {
        group.on(.get, "/api/v1/user/me/kyc/status", in: registry, use: status)
        uploads.on(.post, "/api/v1/user/me/kyc/submit", in: registry, use: submit)
    }

    @Sendable func status(_ request: Request, context: ApplicantSessionContext) async throws -> Response {
        guard let report = try await applicants.status(tenant: context.tenant, id: context.applicant) else {
            throw APIError.notFound("applicant")
        }
        return JSONCoding.response(json: StatusBody(report).json)
    }

    @Sendable func submit(_ request: Request, context: ApplicantSessionContext) async throws -> Response {
        _ = try await documents.receive(request, tenant: context.tenant, applicant: context.applicant)
        return try JSONCoding.response(SeedEnvelope.success)
    }
}

/// The seed's response envelope: `{"is_success", "err_code", "err_message"}`, plus our `code`.
struct SeedEnvelope: Encodable {
    var isSuccess: Bool
    var errCode: String
    var errMessage: String
    var code: String?

    enum CodingKeys: String, CodingKey {
        case isSuccess = "is_success"
        case errCode = "err_code"
        case errMessage = "err_message"
        case code
    }

    static let success = SeedEnvelope(isSuccess: true, errCode: "Err0000", errMessage: "OK", code: nil)

    /// The seed's `ErrNNNN` for each problem code; the message is the problem's own detail.
    static func failure(_ error: APIError) -> SeedEnvelope {
        let message = isOversize(error) ? "File size is too big" : error.detail
        return SeedEnvelope(isSuccess: false, errCode: seedCode(error.problemCode), errMessage: message, code: error.code)
    }

    /// An upload too large, however it was found to be: the seed answers it `400`.
    static func isOversize(_ error: APIError) -> Bool {
        error.problemCode == .fileTooLarge || error.problemCode == .bodyTooLarge
    }

    /// The HTTP status on the seed's surface: the problem's own, but `400` for a file too large,
    /// as the seed's contract says (the merchant API keeps its `413`).
    static func status(_ error: APIError) -> HTTPResponse.Status {
        isOversize(error) ? .badRequest : error.status
    }

    /// The seed's error number for a problem code; `Err5000` for every code it has none for.
    static func seedCode(_ code: ProblemCode?) -> String {
        switch code {
        case .malformedJSON, .unknownField, .missingField, .emptyBody, .invalidField, .malformedMultipart: "Err1001"
        case .fileTooLarge, .bodyTooLarge: "Err1002"
        case .invalidBase64: "Err1003"
        case .unsupportedFileType: "Err1004"
        case .invalidDocType: "Err1005"
        case .documentNotReplaceable: "Err1006"
        case .emptyFile: "Err1007"
        case .documentVersionLimit: "Err1008"
        case .invalidSessionToken: "Err4001"
        case .tenantSuspended: "Err4003"
        case .notFound: "Err4004"
        case .rateLimited: "Err4029"
        case .serviceUnavailable, .uploadsBusy: "Err5003"
        default: "Err5000"
        }
    }
}

/// Answers errors on the seed's surface in its envelope instead of problem+json.
struct SeedEnvelopeMiddleware: RouterMiddleware {
    typealias Context = VouchRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = ProblemMiddleware.apiError(for: error, logger: context.logger)
            var response = try JSONCoding.response(SeedEnvelope.failure(apiError), status: SeedEnvelope.status(apiError))
            for field in apiError.headers { response.headers.append(field) }
            return response
        }
    }
}
