import Foundation
import HTTPTypes
import Hummingbird
import Verification
import VouchCore

/// An error answered as RFC 9457 problem details with a stable machine `code`.
public struct APIError: Error, Sendable, Equatable {
    public private(set) var status: HTTPResponse.Status
    /// The machine code: a `ProblemCode`'s raw value, or `http_<status>` for a framework error
    /// no code covers.
    public private(set) var code: String
    public private(set) var title: String
    public var detail: String
    /// The request field the error is about, when there is one.
    public var field: String?
    public var headers: HTTPFields = [:]
    /// Every problem found, for requests that can have several (a rule set).
    public var errors: [ProblemIssue]?

    /// A problem with `code`'s status and title.
    public init(_ code: ProblemCode, detail: String, field: String? = nil) {
        self.status = code.status
        self.code = code.rawValue
        self.title = code.title
        self.detail = detail
        self.field = field
    }

    /// A framework's HTTP error with a status no `ProblemCode` covers: `http_<status>`.
    init(unmappedStatus status: HTTPResponse.Status) {
        self.status = status
        self.code = "http_\(status.code)"
        self.title = status.reasonPhrase
        self.detail = status.reasonPhrase
    }

    /// The code as a `ProblemCode`; nil only for a framework error no code covers.
    var problemCode: ProblemCode? { ProblemCode(rawValue: code) }

    static let unauthorized = APIError(
        .unauthorized,
        detail: "Send a valid API key as `Authorization: Bearer vk_live_…`."
    )
    static let invalidSessionToken = APIError(
        .invalidSessionToken,
        detail: "The applicant session token is missing, malformed, expired or not signed by Vouch."
    )
    static let tenantSuspended = APIError(
        .tenantSuspended,
        detail: "This merchant account is suspended; contact the operator."
    )
    static let malformedJSON = APIError(
        .malformedJSON,
        detail: "The request body is not valid JSON."
    )
    static let emptyBody = APIError(
        .emptyBody,
        detail: "The request needs a body."
    )
    static let databaseUnavailable: APIError = {
        var error = APIError(
            .serviceUnavailable,
            detail: "The database is unreachable; retry shortly."
        )
        error.headers[.retryAfter] = "1"
        return error
    }()
    static let keyLookupsThrottled: APIError = {
        var error = APIError(
            .rateLimited,
            detail: "Too many unknown API keys are being tried at once; retry shortly."
        )
        error.headers[.retryAfter] = "1"
        return error
    }()
    /// Every upload permit of this instance is taken and none came free within the wait.
    static let uploadsBusy: APIError = {
        var error = APIError(
            .uploadsBusy,
            detail: "This server is taking in as many uploads as it can hold; retry shortly."
        )
        error.headers[.retryAfter] = "1"
        return error
    }()
    static let invalidText = APIError(
        .invalidText,
        detail: "A text value holds a NUL character (U+0000), which cannot be stored."
    )
    static let unexpected = APIError(
        .internalError,
        detail: "Something went wrong on our side; the request id identifies it."
    )

    static func missingScope(_ scope: Scope) -> APIError {
        APIError(
            .insufficientScope,
            detail: "This API key lacks the `\(scope.rawValue)` scope."
        )
    }

    static func notFound(_ what: String) -> APIError {
        APIError(.notFound, detail: "No such \(what).")
    }

    static func invalidField(_ field: String, _ reason: String) -> APIError {
        APIError(
            .invalidField,
            detail: "`\(field)` \(reason).",
            field: field
        )
    }

    static func unknownField(_ field: String, _ reason: String = "is not a known field") -> APIError {
        APIError(.unknownField, detail: "`\(field)` \(reason).", field: field)
    }

    static func missingField(_ field: String) -> APIError {
        APIError(.missingField, detail: "`\(field)` is required.", field: field)
    }

    static func fileTooLarge(limit: Int) -> APIError {
        APIError(
            .fileTooLarge,
            detail: "Files may be at most \(limit) bytes (\(limit / 1_048_576) MiB) once decoded."
        )
    }

    /// The API error for a domain error.
    static func from(_ error: VouchError) -> APIError {
        switch error {
        case .notFound(let what): return .notFound(what)
        case .applicantExists:
            return APIError(
                .applicantExists,
                detail: "This merchant already has an applicant with this `external_user_id`.",
                field: "external_user_id"
            )
        case .documentNotReplaceable(let status):
            return APIError(
                .documentNotReplaceable,
                detail: "The current document of this type is \(status.rawValue); only a REJECTED document can be resubmitted."
            )
        case .documentVersionLimit(let limit):
            return APIError(
                .documentVersionLimit,
                detail: "This applicant already has \(limit) versions of this document type, the most accepted."
            )
        case .invalidField(let name, let reason): return .invalidField(name, reason)
        case .emptyFile:
            return APIError(.emptyFile, detail: "The file has no bytes.")
        case .fileTooLarge(let limit): return .fileTooLarge(limit: limit)
        case .unsupportedFileType:
            return APIError(
                .unsupportedFileType,
                detail: "Documents must be JPEG, PNG, WebP, HEIC or PDF files; the bytes sent are none of these."
            )
        case .databaseUnavailable, .databaseOutcomeUnknown: return .databaseUnavailable
        case .applicantRejected:
            return APIError(
                .applicantRejected,
                detail: "This applicant was rejected; only a review decision can reverse it, so no documents are accepted."
            )
        case .applicantErased:
            return APIError(
                .applicantErased,
                detail: "This applicant was erased: its documents and personal data no longer exist."
            )
        case .invalidRuleSet(let issues):
            var error = APIError(
                .invalidRuleSet,
                detail: "The rule set has \(issues.count) problem(s); each is listed in `errors` with its JSON path."
            )
            error.errors = issues.map { ProblemIssue(path: $0.path, code: $0.code, message: $0.message) }
            return error
        case .reviewClosed:
            return APIError(
                .reviewClosed,
                detail: "This review case has been decided; a decision cannot be changed."
            )
        case .applicantNotRejected:
            return APIError(
                .applicantNotRejected,
                detail: "Only a rejected applicant can be reopened; this one is not rejected, or already has an open case."
            )
        case .invalidPlan(let reason):
            return APIError(.invalidPlan, detail: reason)
        case .simulationInProgress:
            var error = APIError(
                .simulationInProgress,
                detail: "A rule simulation of this merchant is still running; retry when it has answered."
            )
            error.headers[.retryAfter] = "1"
            return error
        case .webhookEndpointLimitReached(let limit):
            return APIError(
                .webhookEndpointLimitReached,
                detail: "This merchant's plan allows \(limit) webhook endpoints; delete one before adding another."
            )
        case .watchlistLimitReached(let limit):
            return APIError(
                .watchlistLimitReached,
                detail: "This merchant's watch list holds \(limit) entries, the most it may; delete one before adding another."
            )
        }
    }
}
