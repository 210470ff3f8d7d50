import Foundation
import Postgres

/// The outbox: an event fans out into one delivery per enabled endpoint that wants it, in the
/// event's own transaction, so an event and its deliveries exist together or not at all.
extension WebhookRepository {
    /// The channel that wakes idle senders; notifications are sent at commit.
    static let channel = "vouch_webhooks"

    /// Queues the event for every enabled endpoint that wants its type; returns how many.
    @discardableResult
    static func fanOut(_ tx: PostgresTransaction, tenant: TenantID, event: UUID, type: String, now: Date) throws -> Int {
        let queued = try tx.query(
            """
            INSERT INTO webhook_deliveries (tenant_id, id, endpoint_id, event_id, next_attempt_at, created_at)
            SELECT tenant_id, gen_random_uuid(), id, \(event), \(now), \(now) FROM webhook_endpoints
            WHERE tenant_id = \(tenant.uuid) AND status = 'enabled'
                AND (cardinality(event_types) = 0 OR \(type) = ANY (event_types))
            RETURNING 1
            """
        )
        if !queued.isEmpty { try tx.query("SELECT pg_notify(\(channel), '')") }
        return queued.count
    }

    /// Queues a stored event again (`POST /v1/events/{id}/redeliver`).
    static func redeliver(_ tx: PostgresTransaction, tenant: TenantID, event: UUID, now: Date) throws -> Int {
        let rows = try tx.query("SELECT type FROM events WHERE tenant_id = \(tenant.uuid) AND id = \(event)")
        guard let type = try rows.first?.decode(column: 0, as: String.self) else { throw VouchError.notFound("event") }
        return try fanOut(tx, tenant: tenant, event: event, type: type, now: now)
    }
}
