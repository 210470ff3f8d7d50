import Base
import Foundation
import Postgres
import Verification

/// One row of the audit log, as merchants read it.
public struct AuditEvent: Sendable, Equatable {
    public var id: AuditEventID
    public var sequence: Int
    public var occurredAt: Date
    public var actor: AuditActor
    public var action: String
    public var object: AuditObject
    public var details: JSONValue
    public var previousHash: [UInt8]
    public var hash: [UInt8]
}

/// A tenant's audit log, newest first (`GET /v1/audit-events`).
public struct AuditLog: Sendable {
    let database: TenantDatabase

    public init(database: TenantDatabase) {
        self.database = database
    }

    /// A page of rows older than `startingAfter`, optionally about one object or of one action.
    public func events(
        tenant: TenantID,
        objectID: String? = nil,
        action: String? = nil,
        limit: Int,
        startingAfter: AuditEventID? = nil
    ) async throws -> (events: [AuditEvent], hasMore: Bool) {
        let rows = try await database.read(
            tenant,
            """
            SELECT id, seq, occurred_at, actor_type, actor_id, request_id, action, object_type, object_id, details,
                prev_hash, hash
            FROM audit_events
            WHERE tenant_id = \(tenant.uuid)
                AND (\(objectID)::text IS NULL OR object_id = \(objectID))
                AND (\(action)::text IS NULL OR action = \(action))
                AND seq < coalesce(
                    (SELECT seq FROM audit_events WHERE tenant_id = \(tenant.uuid) AND id = \(startingAfter?.uuid)),
                    CASE WHEN \(startingAfter?.uuid)::uuid IS NULL THEN 9223372036854775807 ELSE 0 END)
            ORDER BY seq DESC LIMIT \(limit + 1)
            """
        )
        let events = try rows.map(Self.event)
        return (Array(events.prefix(limit)), events.count > limit)
    }

    static func event(_ row: PostgresRow) throws -> AuditEvent {
        let (id, seq, occurredAt, actorType, actorID, requestID, action, objectType, objectID, details, previousHash, hash) =
            try row.decode(
                UUID.self,
                Int.self,
                Date.self,
                String.self,
                String.self,
                String.self,
                String.self,
                String.self,
                String.self,
                PostgresJSON.self,
                [UInt8].self,
                [UInt8].self
            )
        return AuditEvent(
            id: AuditEventID(uuid: id),
            sequence: seq,
            occurredAt: occurredAt,
            actor: AuditActor(kind: AuditActor.Kind(rawValue: actorType) ?? .system, id: actorID, requestID: requestID),
            action: action,
            object: AuditObject(type: objectType, id: objectID),
            details: try details.decode(JSONValue.self),
            previousHash: previousHash,
            hash: hash
        )
    }
}
