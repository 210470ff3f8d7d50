import Foundation
import HTTPTypes

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
