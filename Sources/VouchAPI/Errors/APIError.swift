import Foundation
import HTTPTypes
import Hummingbird
import Verification
import VouchCore

/// An error answered as RFC 9457 problem details with a stable machine `code`.
public struct APIError: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var code: String
    public var title: String
    public var detail: String
    /// The request field the error is about, when there is one.
    public var field: String?
    public var headers: HTTPFields = [:]
    /// Every problem found, for requests that can have several (a rule set).
    public var errors: [ProblemIssue]?

    public init(_ status: HTTPResponse.Status, code: String, title: String, detail: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.field = field
    }

    static let unauthorized = APIError(
        .unauthorized,
        code: "unauthorized",
        title: "Unauthorized",
        detail: "Send a valid API key as `Authorization: Bearer vk_live_…`."
    )
    static let invalidSessionToken = APIError(
        .unauthorized,
        code: "invalid_session_token",
        title: "Invalid session token",
        detail: "The applicant session token is missing, malformed, expired or not signed by Vouch."
    )
    static let tenantSuspended = APIError(
        .forbidden,
        code: "tenant_suspended",
        title: "Tenant suspended",
        detail: "This merchant account is suspended; contact the operator."
    )
    static let malformedJSON = APIError(
        .badRequest,
        code: "malformed_json",
        title: "Malformed JSON",
        detail: "The request body is not valid JSON."
    )
    static let emptyBody = APIError(
        .badRequest,
        code: "empty_body",
        title: "Empty body",
        detail: "The request needs a body."
    )
    static let databaseUnavailable: APIError = {
        var error = APIError(
            .serviceUnavailable,
            code: "service_unavailable",
            title: "Service unavailable",
            detail: "The database is unreachable; retry shortly."
        )
        error.headers[.retryAfter] = "1"
        return error
    }()
    static let keyLookupsThrottled: APIError = {
        var error = APIError(
            .tooManyRequests,
            code: "rate_limited",
            title: "Too many requests",
            detail: "Too many unknown API keys are being tried at once; retry shortly."
        )
        error.headers[.retryAfter] = "1"
        return error
    }()
    /// Every upload permit of this instance is taken and none came free within the wait.
    static let uploadsBusy: APIError = {
        var error = APIError(
            .serviceUnavailable,
            code: "uploads_busy",
            title: "Too many uploads in progress",
            detail: "This server is taking in as many uploads as it can hold; retry shortly."
        )
        error.headers[.retryAfter] = "1"
        return error
    }()
    static let invalidText = APIError(
        .unprocessableContent,
        code: "invalid_text",
        title: "Invalid text",
        detail: "A text value holds a NUL character (U+0000), which cannot be stored."
    )
    static let unexpected = APIError(
        .internalServerError,
        code: "internal_error",
        title: "Internal error",
        detail: "Something went wrong on our side; the request id identifies it."
    )

    static func missingScope(_ scope: Scope) -> APIError {
        APIError(
            .forbidden,
            code: "insufficient_scope",
            title: "Insufficient scope",
            detail: "This API key lacks the `\(scope.rawValue)` scope."
        )
    }

    static func notFound(_ what: String) -> APIError {
        APIError(.notFound, code: "not_found", title: "Not found", detail: "No such \(what).")
    }

    static func invalidField(_ field: String, _ reason: String) -> APIError {
        APIError(
            .unprocessableContent,
            code: "invalid_field",
            title: "Invalid field",
            detail: "`\(field)` \(reason).",
            field: field
        )
    }

    static func missingField(_ field: String) -> APIError {
        APIError(.unprocessableContent, code: "missing_field", title: "Missing field", detail: "`\(field)` is required.", field: field)
    }

    static func fileTooLarge(limit: Int) -> APIError {
        APIError(
            .contentTooLarge,
            code: "file_too_large",
            title: "File too large",
            detail: "Files may be at most \(limit) bytes (\(limit / 1_048_576) MiB) once decoded."
        )
    }

    /// The API error for a domain error.
    static func from(_ error: VouchError) -> APIError {
        switch error {
        case .notFound(let what): return .notFound(what)
        case .applicantExists:
            return APIError(
                .conflict,
                code: "applicant_exists",
                title: "Applicant exists",
                detail: "This merchant already has an applicant with this `external_user_id`.",
                field: "external_user_id"
            )
        case .documentNotReplaceable(let status):
            return APIError(
                .conflict,
                code: "document_not_replaceable",
                title: "Document cannot be replaced",
                detail: "The current document of this type is \(status.rawValue); only a REJECTED document can be resubmitted."
            )
        case .documentVersionLimit(let limit):
            return APIError(
                .conflict,
                code: "document_version_limit",
                title: "Too many versions",
                detail: "This applicant already has \(limit) versions of this document type, the most accepted."
            )
        case .invalidField(let name, let reason): return .invalidField(name, reason)
        case .emptyFile:
            return APIError(.badRequest, code: "empty_file", title: "Empty file", detail: "The file has no bytes.")
        case .fileTooLarge(let limit): return .fileTooLarge(limit: limit)
        case .unsupportedFileType:
            return APIError(
                .unsupportedMediaType,
                code: "unsupported_file_type",
                title: "Unsupported file type",
                detail: "Documents must be JPEG, PNG, WebP, HEIC or PDF files; the bytes sent are none of these."
            )
        case .databaseUnavailable: return .databaseUnavailable
        case .applicantRejected:
            return APIError(
                .conflict,
                code: "applicant_rejected",
                title: "Applicant rejected",
                detail: "This applicant was rejected; only a review decision can reverse it, so no documents are accepted."
            )
        case .applicantErased:
            return APIError(
                .gone,
                code: "applicant_erased",
                title: "Applicant erased",
                detail: "This applicant was erased: its documents and personal data no longer exist."
            )
        case .invalidRuleSet(let issues):
            var error = APIError(
                .unprocessableContent,
                code: "invalid_rule_set",
                title: "Invalid rule set",
                detail: "The rule set has \(issues.count) problem(s); each is listed in `errors` with its JSON path."
            )
            error.errors = issues.map { ProblemIssue(path: $0.path, code: $0.code, message: $0.message) }
            return error
        case .reviewClosed:
            return APIError(
                .conflict,
                code: "review_closed",
                title: "Review already decided",
                detail: "This review case has been decided; a decision cannot be changed."
            )
        case .invalidPlan(let reason):
            return APIError(.unprocessableContent, code: "invalid_plan", title: "Invalid plan", detail: reason)
        case .simulationInProgress:
            var error = APIError(
                .conflict,
                code: "simulation_in_progress",
                title: "Simulation in progress",
                detail: "A rule simulation of this merchant is still running; retry when it has answered."
            )
            error.headers[.retryAfter] = "1"
            return error
        case .webhookEndpointLimitReached(let limit):
            return APIError(
                .conflict,
                code: "webhook_endpoint_limit_reached",
                title: "Webhook endpoint limit reached",
                detail: "This merchant's plan allows \(limit) webhook endpoints; delete one before adding another."
            )
        }
    }
}

/// One of several problems in a request, located by JSON path.
public struct ProblemIssue: Sendable, Equatable, Encodable {
    public var path: String
    public var code: String
    public var message: String
}

/// The problem+json body.
struct ProblemDocument: Encodable {
    var type: String
    var title: String
    var status: Int
    var detail: String
    var code: String
    var requestID: String
    var field: String?
    var errors: [ProblemIssue]?

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, code
        case requestID = "request_id"
        case field, errors
    }

    init(_ error: APIError, requestID: String) {
        self.type = "https://vouch.dev/errors/\(error.code)"
        self.title = error.title
        self.status = error.status.code
        self.detail = error.detail
        self.code = error.code
        self.requestID = requestID
        self.field = error.field
        self.errors = error.errors
    }
}
