import Base
import Foundation
import Postgres
import Verification

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

/// Appends rows to a tenant's audit log, in the transaction of the action they record.
///
/// Call it as the transaction's last statement: the row takes the tenant's chain head lock,
/// held until commit, and nothing should wait on other locks while holding it.
public enum AuditTrail {
    public static func record(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        action: String,
        object: AuditObject,
        details: JSONValue = .object([:]),
        actor: AuditActor? = nil,
        now: Date = Date()
    ) throws {
        // Without an explicit actor, the one the transaction's prelude set (or `system`).
        try tx.query(
            """
            INSERT INTO audit_events (tenant_id, seq, id, occurred_at, actor_type, actor_id, action,
                object_type, object_id, request_id, details, prev_hash, hash)
            VALUES (\(tenant.uuid), 0, \(UUID.version7(now: now)), \(now),
                coalesce(\(actor?.kind.rawValue), nullif(current_setting('app.actor_type', true), ''), 'system'),
                coalesce(\(actor?.id), nullif(current_setting('app.actor_id', true), ''), 'vouch'),
                \(action), \(object.type), \(object.id),
                coalesce(\(actor?.requestID), current_setting('app.request_id', true), ''),
                \(try PostgresJSON(encoding: details)), '\\x', '\\x')
            """
        )
    }
}
