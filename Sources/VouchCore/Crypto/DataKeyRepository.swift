import Foundation
import Postgres

/// Tenants' data keys as stored: wrapped under the master key, each in its tenant.
struct DataKeyRepository: Sendable {
    let database: TenantDatabase

    /// The tenant's newest wrapped key, for sealing; nil when it has none.
    func newest(for tenant: TenantID) async throws -> WrappedDataKey? {
        try await database.transaction(tenant) { tx -> WrappedDataKey? in
            let rows = try tx.query(
                "SELECT id, wrapped_key FROM tenant_data_keys WHERE tenant_id = \(tenant.uuid) ORDER BY id DESC LIMIT 1"
            )
            return try rows.first.map { row in
                let (id, bytes) = try row.decode(UUID.self, [UInt8].self)
                return WrappedDataKey(id: id, wrapped: bytes)
            }
        }
    }

    /// The wrapped key `id`, for opening what it sealed; nil when the tenant has no such key.
    func key(id: UUID, for tenant: TenantID) async throws -> WrappedDataKey? {
        try await database.transaction(tenant) { tx -> WrappedDataKey? in
            let rows = try tx.query(
                "SELECT wrapped_key FROM tenant_data_keys WHERE tenant_id = \(tenant.uuid) AND id = \(id)"
            )
            return try rows.first.map { WrappedDataKey(id: id, wrapped: try $0.decode(column: 0)) }
        }
    }
}
