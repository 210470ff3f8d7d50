import Foundation
import Postgres

extension WebhookRepository {
    /// Seals the tenant's endpoint secrets (current and previous) under the current master key,
    /// in one transaction; returns how many it re-sealed.
    static func rewrapSecrets(_ tx: PostgresTransaction, tenant: TenantID, keyring: Keyring) throws -> Int {
        let rows = try tx.query(
            """
            SELECT id, secret_sealed, previous_secret_sealed FROM webhook_endpoints
            WHERE tenant_id = \(tenant.uuid) FOR UPDATE
            """
        )
        var rewrapped = 0
        for row in rows {
            let (id, current, previous) = try row.decode(UUID.self, [UInt8].self, [UInt8]?.self)
            let endpoint = WebhookEndpointID(uuid: id)
            let newCurrent = try keyring.rewrapWebhookSecret(current, tenant: tenant, endpoint: endpoint)
            let newPrevious = try previous.flatMap { try keyring.rewrapWebhookSecret($0, tenant: tenant, endpoint: endpoint) }
            guard newCurrent != nil || newPrevious != nil else { continue }
            try tx.query(
                """
                UPDATE webhook_endpoints SET secret_sealed = \(newCurrent ?? current),
                    previous_secret_sealed = \(newPrevious ?? previous)
                WHERE tenant_id = \(tenant.uuid) AND id = \(id)
                """
            )
            rewrapped += 1
        }
        return rewrapped
    }
}
