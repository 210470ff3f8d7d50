import Crypto
import Foundation
import Synchronization

/// Loads, unwraps and caches tenants' data keys, so an upload or download does not unwrap a key
/// (or read it from the database) every time; and finds applicants' keys, which it never caches
/// (an erasure destroys them).
public final class DataKeyStore: Sendable {
    private let repository: DataKeyRepository
    public let keyring: Keyring
    private let cache = Mutex<[UUID: SymmetricKey]>([:])
    private let current = Mutex<[TenantID: UUID]>([:])
    private let indexes = Mutex<[TenantID: BlindIndex]>([:])

    public init(database: TenantDatabase, keyring: Keyring) {
        self.repository = DataKeyRepository(database: database)
        self.keyring = keyring
    }

    /// The tenant's newest data key and its id, for sealing what belongs to no one applicant.
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

    /// The applicant's own key and its id, for sealing what is the applicant's; made on first
    /// use for an applicant from before applicant keys. Throws `applicantErased` once destroyed.
    public func applicantKey(tenant: TenantID, applicant: ApplicantID) async throws -> (id: UUID, key: SymmetricKey) {
        let keyring = keyring
        return try await repository.database.transaction(tenant) { tx in
            try ApplicantKeyRepository.ensure(tx, tenant: tenant, applicant: applicant, keyring: keyring)
        }
    }

    /// A sealing key by id — a data key, or an applicant's key — for opening what it sealed.
    /// Throws `applicantErased` when it is an applicant key that erasure destroyed.
    public func key(id: UUID, for tenant: TenantID) async throws -> SymmetricKey {
        if let key = cache.withLock({ $0[id] }) { return key }
        if let wrapped = try await repository.key(id: id, for: tenant) {
            let key = try keyring.unwrap(wrapped, for: tenant)
            cache.withLock { $0[id] = key }
            return key
        }
        let found = try await repository.database.transaction(tenant) { tx in
            try ApplicantKeyRepository.byID(tx, tenant: tenant, id: id)
        }
        guard let (applicant, wrapped) = found else { throw VouchError.notFound("data key") }
        guard let wrapped else { throw VouchError.applicantErased }
        let dataKey = try await key(id: wrapped.dataKeyID, for: tenant)
        return try Keyring.unwrap(wrapped, with: dataKey, tenant: tenant, applicant: applicant)
    }

    /// The tenant's blind indexes.
    public func blindIndex(for tenant: TenantID) async throws -> BlindIndex {
        if let index = indexes.withLock({ $0[tenant] }) { return index }
        guard let first = try await repository.first(for: tenant) else { throw VouchError.notFound("data key") }
        let index = BlindIndex(firstDataKey: try keyring.unwrap(first, for: tenant))
        indexes.withLock { $0[tenant] = index }
        return index
    }
}
