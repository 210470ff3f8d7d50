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

/// The audit aggregate: each tenant's hash-chained log of what was done, appended in the
/// transaction of the action it records and read newest first (`GET /v1/audit-events`); the
/// operator's verification of the chains reads through `AuditRepository+Chain.swift`.
public struct AuditRepository: Sendable {
    let database: TenantDatabase

    public init(database: TenantDatabase) {
        self.database = database
    }

    /// Appends a row to a tenant's audit log, in the transaction of the action it records.
    ///
    /// Call it as the transaction's last statement: the row takes the tenant's chain head lock,
    /// held until commit, and nothing should wait on other locks while holding it.
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

    /// The tenant's newest audit row, in the transaction that just appended it: its position in
    /// the chain and whom it names.
    static func head(_ tx: PostgresTransaction, tenant: TenantID) throws
        -> (sequence: Int, hash: String, actorType: String, actorID: String, requestID: String)
    {
        let rows = try tx.query(
            """
            SELECT seq, encode(hash, 'hex'), actor_type, actor_id, request_id FROM audit_events
            WHERE tenant_id = \(tenant.uuid) ORDER BY seq DESC LIMIT 1
            """
        )
        guard let row = rows.first else { throw VouchError.notFound("audit event") }
        let (sequence, hash, actorType, actorID, requestID) = try row.decode(Int.self, String.self, String.self, String.self, String.self)
        return (sequence, hash, actorType, actorID, requestID)
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
