import Foundation

/// Who is acting. The authentication middleware sets it for each request; `TenantDatabase`
/// hands it to Postgres with the tenant, so audit rows written anywhere in that request's
/// transactions name the caller without every repository passing it along.
public struct AuditActor: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case apiKey = "api_key"
        case applicantSession = "applicant_session"
        case `operator`
        case system
    }

    public var kind: Kind
    public var id: String
    public var requestID: String

    public init(kind: Kind, id: String, requestID: String = "") {
        self.kind = kind
        self.id = id
        self.requestID = requestID
    }

    /// The actor of the current task, if a request set one.
    @TaskLocal public static var current: AuditActor?

    /// The operator at the command line.
    public static let `operator` = AuditActor(kind: .operator, id: "cli")
}

/// What was acted on.
public struct AuditObject: Sendable, Equatable {
    public var type: String
    public var id: String

    public init(type: String, id: String) {
        self.type = type
        self.id = id
    }

    public init(_ id: some PrefixedID, type: String) {
        self.init(type: type, id: id.description)
    }
}
