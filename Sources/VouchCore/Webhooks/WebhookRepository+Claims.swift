import Foundation
import Postgres

/// Claiming deliveries across tenants: the sender's work, through the unscoped door (see
/// `UnscopedDatabase`), measured against a `LeaseClock`.
extension WebhookRepository {
    /// Claims up to `limit` due deliveries, in turns across tenants.
    static func claim(
        _ database: UnscopedDatabase,
        worker: String,
        limit: Int,
        lease: Duration,
        clock: LeaseClock
    ) async throws -> [ClaimedDelivery] {
        let seconds = Double(lease.components.seconds)
        let rows = try await database.query(
            """
            SELECT tenant_id, id, endpoint_id, event_id, attempts
            FROM claim_webhook_deliveries(\(worker), \(limit)::integer, make_interval(secs => \(seconds)), \(clock.now)::timestamptz)
            """
        )
        return try rows.map { row in
            let (tenant, id, endpoint, event, attempt) = try row.decode(UUID.self, UUID.self, UUID.self, UUID.self, Int.self)
            return ClaimedDelivery(tenant: TenantID(uuid: tenant), id: id, endpoint: endpoint, event: event, attempt: attempt)
        }
    }

    /// Deliveries whose lease ended go back to pending; those claimed `maximumAttempts` times
    /// already are dead. Returns how many.
    @discardableResult
    static func recoverExpired(_ database: UnscopedDatabase, maximumAttempts: Int, clock: LeaseClock) async throws -> Int {
        let rows = try await database.query(
            "SELECT recover_expired_webhook_deliveries(\(maximumAttempts)::integer, \(clock.now)::timestamptz)"
        )
        return try rows.first?.decode(column: 0, as: Int.self) ?? 0
    }
}
