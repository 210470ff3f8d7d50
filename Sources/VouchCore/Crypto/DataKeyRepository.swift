import Foundation
import Postgres

/// Tenants' data keys as stored: wrapped under the master key, each in its tenant.
struct DataKeyRepository: Sendable {
    let database: TenantDatabase

    /// The tenant's newest wrapped key, for sealing; nil when it has none.
    func newest(for tenant: TenantID) async throws -> WrappedDataKey? {
        try await database.transaction(tenant) { tx in try Self.newest(tx, tenant: tenant) }
    }

    /// The tenant's first wrapped key, from which its blind indexes' key is derived.
    func first(for tenant: TenantID) async throws -> WrappedDataKey? {
        try await database.transaction(tenant) { tx in try Self.first(tx, tenant: tenant) }
    }

    /// The wrapped key `id`, for opening what it sealed; nil when the tenant has no such key.
    func key(id: UUID, for tenant: TenantID) async throws -> WrappedDataKey? {
        try await database.transaction(tenant) { tx in try Self.key(tx, id: id, tenant: tenant) }
    }

    /// The same reads as pieces of a caller's transaction.
    static func newest(_ tx: PostgresTransaction, tenant: TenantID) throws -> WrappedDataKey? {
        try tx.query("SELECT id, wrapped_key FROM tenant_data_keys WHERE tenant_id = \(tenant.uuid) ORDER BY id DESC LIMIT 1")
            .first.map(decode)
    }

    static func first(_ tx: PostgresTransaction, tenant: TenantID) throws -> WrappedDataKey? {
        try tx.query("SELECT id, wrapped_key FROM tenant_data_keys WHERE tenant_id = \(tenant.uuid) ORDER BY id LIMIT 1")
            .first.map(decode)
    }

    static func key(_ tx: PostgresTransaction, id: UUID, tenant: TenantID) throws -> WrappedDataKey? {
        try tx.query("SELECT id, wrapped_key FROM tenant_data_keys WHERE tenant_id = \(tenant.uuid) AND id = \(id)")
            .first.map(decode)
    }

    private static func decode(_ row: PostgresRow) throws -> WrappedDataKey {
        let (id, bytes) = try row.decode(UUID.self, [UInt8].self)
        return WrappedDataKey(id: id, wrapped: bytes)
    }
}

/// The data keys' part of key rotations, pieces of a transaction in the tenant's scope.
extension DataKeyRepository {
    /// Wraps the tenant's data keys under the current master key; returns how many it re-wrapped.
    static func rewrapUnderCurrentMasterKey(_ tx: PostgresTransaction, tenant: TenantID, keyring: Keyring) throws -> Int {
        var rewrapped = 0
        for row in try tx.query("SELECT id, wrapped_key FROM tenant_data_keys WHERE tenant_id = \(tenant.uuid) FOR UPDATE") {
            let (id, wrapped) = try row.decode(UUID.self, [UInt8].self)
            guard let new = try keyring.rewrap(WrappedDataKey(id: id, wrapped: wrapped), for: tenant) else { continue }
            try tx.query("UPDATE tenant_data_keys SET wrapped_key = \(new.wrapped) WHERE tenant_id = \(tenant.uuid) AND id = \(id)")
            rewrapped += 1
        }
        return rewrapped
    }

    /// Adds a new data key for the tenant, which wraps applicant keys from now on; the older ones
    /// stay, to open what they wrapped until it is moved.
    static func addKey(_ tx: PostgresTransaction, tenant: TenantID, keyring: Keyring, now: Date) throws -> UUID {
        let wrapped = try keyring.newWrappedDataKey(for: tenant)
        try tx.query(
            """
            INSERT INTO tenant_data_keys (tenant_id, id, wrapped_key, created_at)
            VALUES (\(tenant.uuid), \(wrapped.id), \(wrapped.wrapped), \(now))
            """
        )
        return wrapped.id
    }
}
