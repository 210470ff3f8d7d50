import Crypto
import Foundation
import Synchronization

/// Loads, unwraps and caches tenants' data keys, so an upload or download does not unwrap a key
/// (or read it from the database) every time.
public final class DataKeyStore: Sendable {
    private let repository: DataKeyRepository
    private let keyring: Keyring
    private let cache = Mutex<[UUID: SymmetricKey]>([:])
    private let current = Mutex<[TenantID: UUID]>([:])

    public init(database: TenantDatabase, keyring: Keyring) {
        self.repository = DataKeyRepository(database: database)
        self.keyring = keyring
    }

    /// The tenant's newest data key and its id, for sealing.
    public func currentKey(for tenant: TenantID) async throws -> (id: UUID, key: SymmetricKey) {
        if let id = current.withLock({ $0[tenant] }), let key = cache.withLock({ $0[id] }) {
            return (id, key)
        }
        let wrapped = try await repository.newest(for: tenant)
        guard let wrapped else { throw VouchError.notFound("data key") }
        let key = try keyring.unwrap(wrapped, for: tenant)
        cache.withLock { $0[wrapped.id] = key }
        current.withLock { $0[tenant] = wrapped.id }
        return (wrapped.id, key)
    }

    /// A specific data key, for opening what it sealed.
    public func key(id: UUID, for tenant: TenantID) async throws -> SymmetricKey {
        if let key = cache.withLock({ $0[id] }) { return key }
        let wrapped = try await repository.key(id: id, for: tenant)
        guard let wrapped else { throw VouchError.notFound("data key") }
        let key = try keyring.unwrap(wrapped, for: tenant)
        cache.withLock { $0[id] = key }
        return key
    }
}
