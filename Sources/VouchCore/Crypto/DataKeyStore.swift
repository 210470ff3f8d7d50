import Crypto
import Foundation
import Postgres
import Synchronization

/// Loads, unwraps and caches tenants' data keys, so an upload or download does not unwrap a key
/// (or read it from the database) every time.
public final class DataKeyStore: Sendable {
    private let database: TenantDatabase
    private let keyring: Keyring
    private let cache = Mutex<[UUID: SymmetricKey]>([:])
    private let current = Mutex<[TenantID: UUID]>([:])

    public init(database: TenantDatabase, keyring: Keyring) {
        self.database = database
        self.keyring = keyring
    }

    /// The tenant's newest data key and its id, for sealing.
    public func currentKey(for tenant: TenantID) async throws -> (id: UUID, key: SymmetricKey) {
        if let id = current.withLock({ $0[tenant] }), let key = cache.withLock({ $0[id] }) {
            return (id, key)
        }
        let wrapped = try await database.transaction(tenant) { tx -> WrappedDataKey? in
            let rows = try tx.query(
                "SELECT id, wrapped_key FROM tenant_data_keys WHERE tenant_id = \(tenant.uuid) ORDER BY id DESC LIMIT 1"
            )
            return try rows.first.map { row in
                let (id, bytes) = try row.decode(UUID.self, [UInt8].self)
                return WrappedDataKey(id: id, wrapped: bytes)
            }
        }
        guard let wrapped else { throw VouchError.notFound("data key") }
        let key = try keyring.unwrap(wrapped, for: tenant)
        cache.withLock { $0[wrapped.id] = key }
        current.withLock { $0[tenant] = wrapped.id }
        return (wrapped.id, key)
    }

    /// A specific data key, for opening what it sealed.
    public func key(id: UUID, for tenant: TenantID) async throws -> SymmetricKey {
        if let key = cache.withLock({ $0[id] }) { return key }
        let wrapped = try await database.transaction(tenant) { tx -> WrappedDataKey? in
            let rows = try tx.query(
                "SELECT wrapped_key FROM tenant_data_keys WHERE tenant_id = \(tenant.uuid) AND id = \(id)"
            )
            return try rows.first.map { WrappedDataKey(id: id, wrapped: try $0.decode(column: 0)) }
        }
        guard let wrapped else { throw VouchError.notFound("data key") }
        let key = try keyring.unwrap(wrapped, for: tenant)
        cache.withLock { $0[id] = key }
        return key
    }
}
