import HTTPTypes

/// Every machine `code` a problem can carry, each with its one HTTP status and title.
///
/// The codes are part of the API contract (the table in `openapi.yaml` lists them); an error is
/// made from one of these, never from a string, so a code cannot drift between throw sites.
public enum ProblemCode: String, CaseIterable, Sendable {
    case malformedJSON = "malformed_json"
    case emptyBody = "empty_body"
    case unknownField = "unknown_field"
    case invalidBase64 = "invalid_base64"
    case emptyFile = "empty_file"
    case malformedMultipart = "malformed_multipart"
    case invalidIdempotencyKey = "invalid_idempotency_key"
    case unauthorized
    case invalidSessionToken = "invalid_session_token"
    case invalidSignature = "invalid_signature"
    case staleTimestamp = "stale_timestamp"
    case tenantSuspended = "tenant_suspended"
    case insufficientScope = "insufficient_scope"
    case scopeNotHeld = "scope_not_held"
    case liveModeNotHeld = "live_mode_not_held"
    case notFound = "not_found"
    case methodNotAllowed = "method_not_allowed"
    case applicantExists = "applicant_exists"
    case documentNotReplaceable = "document_not_replaceable"
    case applicantRejected = "applicant_rejected"
    case documentVersionLimit = "document_version_limit"
    case reviewClosed = "review_closed"
    case applicantNotRejected = "applicant_not_rejected"
    case idempotencyKeyInUse = "idempotency_key_in_use"
    case idempotencyOutcomeUnknown = "idempotency_outcome_unknown"
    case simulationInProgress = "simulation_in_progress"
    case webhookEndpointLimitReached = "webhook_endpoint_limit_reached"
    case watchlistLimitReached = "watchlist_limit_reached"
    case applicantErased = "applicant_erased"
    case fileTooLarge = "file_too_large"
    case bodyTooLarge = "body_too_large"
    case unsupportedFileType = "unsupported_file_type"
    case missingField = "missing_field"
    case invalidField = "invalid_field"
    case invalidDocType = "invalid_doc_type"
    case invalidRuleSet = "invalid_rule_set"
    case invalidText = "invalid_text"
    case invalidPlan = "invalid_plan"
    case urlNotAllowed = "url_not_allowed"
    case idempotencyKeyReused = "idempotency_key_reused"
    case rateLimited = "rate_limited"
    case internalError = "internal_error"
    case serviceUnavailable = "service_unavailable"
    case uploadsBusy = "uploads_busy"

    /// The HTTP status every problem with this code answers with.
    public var status: HTTPResponse.Status {
        switch self {
        case .malformedJSON, .emptyBody, .unknownField, .invalidBase64, .emptyFile, .malformedMultipart, .invalidIdempotencyKey:
            .badRequest
        case .unauthorized, .invalidSessionToken, .invalidSignature, .staleTimestamp: .unauthorized
        case .tenantSuspended, .insufficientScope, .scopeNotHeld, .liveModeNotHeld: .forbidden
        case .notFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .applicantExists, .documentNotReplaceable, .applicantRejected, .documentVersionLimit, .reviewClosed, .applicantNotRejected,
            .idempotencyKeyInUse, .idempotencyOutcomeUnknown, .simulationInProgress, .webhookEndpointLimitReached, .watchlistLimitReached:
            .conflict
        case .applicantErased: .gone
        case .fileTooLarge, .bodyTooLarge: .contentTooLarge
        case .unsupportedFileType: .unsupportedMediaType
        case .missingField, .invalidField, .invalidDocType, .invalidRuleSet, .invalidText, .invalidPlan, .urlNotAllowed,
            .idempotencyKeyReused:
            .unprocessableContent
        case .rateLimited: .tooManyRequests
        case .internalError: .internalServerError
        case .serviceUnavailable, .uploadsBusy: .serviceUnavailable
        }
    }

    /// The problem's short, human-readable summary; the same for every occurrence of the code.
    public var title: String {
        switch self {
        case .malformedJSON: "Malformed JSON"
        case .emptyBody: "Empty body"
        case .unknownField: "Unknown field"
        case .invalidBase64: "Invalid base64"
        case .emptyFile: "Empty file"
        case .malformedMultipart: "Malformed multipart body"
        case .invalidIdempotencyKey: "Invalid Idempotency-Key"
        case .unauthorized: "Unauthorized"
        case .invalidSessionToken: "Invalid session token"
        case .invalidSignature: "Invalid signature"
        case .staleTimestamp: "Stale timestamp"
        case .tenantSuspended: "Tenant suspended"
        case .insufficientScope: "Insufficient scope"
        case .scopeNotHeld: "Scope not held"
        case .liveModeNotHeld: "Live mode not held"
        case .notFound: "Not found"
        case .methodNotAllowed: "Method not allowed"
        case .applicantExists: "Applicant exists"
        case .documentNotReplaceable: "Document cannot be replaced"
        case .applicantRejected: "Applicant rejected"
        case .documentVersionLimit: "Too many versions"
        case .reviewClosed: "Review already decided"
        case .applicantNotRejected: "Applicant not rejected"
        case .idempotencyKeyInUse: "Idempotency-Key in use"
        case .idempotencyOutcomeUnknown: "Outcome unknown"
        case .simulationInProgress: "Simulation in progress"
        case .webhookEndpointLimitReached: "Webhook endpoint limit reached"
        case .watchlistLimitReached: "Watch list limit reached"
        case .applicantErased: "Applicant erased"
        case .fileTooLarge: "File too large"
        case .bodyTooLarge: "Body too large"
        case .unsupportedFileType: "Unsupported file type"
        case .missingField: "Missing field"
        case .invalidField: "Invalid field"
        case .invalidDocType: "Invalid document type"
        case .invalidRuleSet: "Invalid rule set"
        case .invalidText: "Invalid text"
        case .invalidPlan: "Invalid plan"
        case .urlNotAllowed: "URL not allowed"
        case .idempotencyKeyReused: "Idempotency-Key reused"
        case .rateLimited: "Rate limited"
        case .internalError: "Internal error"
        case .serviceUnavailable: "Service unavailable"
        case .uploadsBusy: "Too many uploads in progress"
        }
    }
}
