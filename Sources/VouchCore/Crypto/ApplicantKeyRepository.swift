import Crypto
import Foundation
import Postgres

/// What an applicant's key is at a given moment.
enum ApplicantKeyState {
    /// Never made: an applicant from before applicant keys whose data is not yet moved under one.
    case none
    case live(id: UUID, key: SymmetricKey)
    /// Destroyed by the applicant's erasure.
    case destroyed(id: UUID)
}

/// Applicant keys as stored, each wrapped by one of its tenant's data keys: the pieces of a
/// transaction that make, read and destroy them. Unwrapping reads the data key in the same
/// transaction, so a pipeline step opens a profile without leaving its transaction.
enum ApplicantKeyRepository {
    /// The applicant's key, unwrapped.
    static func state(_ tx: PostgresTransaction, tenant: TenantID, applicant: ApplicantID, keyring: Keyring) throws -> ApplicantKeyState {
        let rows = try tx.query(
            """
            SELECT k.id, k.data_key_id, k.wrapped_key, d.wrapped_key
            FROM applicant_keys k LEFT JOIN tenant_data_keys d ON d.tenant_id = k.tenant_id AND d.id = k.data_key_id
            WHERE k.tenant_id = \(tenant.uuid) AND k.applicant_id = \(applicant.uuid)
            """
        )
        guard let row = rows.first else { return .none }
        let id = try row.decode(column: 0, as: UUID.self)
        guard try row.decode(column: 2, as: [UInt8]?.self) != nil else { return .destroyed(id: id) }
        // A live key that does not unwrap lacks its data key.
        guard let key = try unwrap(row, from: 0, tenant: tenant, applicant: applicant, keyring: keyring) else {
            throw VouchError.notFound("data key")
        }
        return .live(id: id, key: key)
    }

    /// The applicant's key, made now if it has none; throws `applicantErased` once destroyed or
    /// erased, `notFound` when the tenant has no such applicant.
    static func ensure(_ tx: PostgresTransaction, tenant: TenantID, applicant: ApplicantID, keyring: Keyring, now: Date = Date())
        throws -> (id: UUID, key: SymmetricKey)
    {
        switch try state(tx, tenant: tenant, applicant: applicant, keyring: keyring) {
        case .live(let id, let key): return (id, key)
        case .destroyed: throw VouchError.applicantErased
        case .none:
            // Waits for an erasure in progress (it locks the row FOR UPDATE) and keeps one from
            // starting until this key is stored, so no erasure misses it.
            let applicantRows = try tx.query(
                """
                SELECT erased_at IS NOT NULL FROM applicants WHERE tenant_id = \(tenant.uuid) AND id = \(applicant.uuid)
                FOR KEY SHARE
                """
            )
            guard let row = applicantRows.first else { throw VouchError.notFound("applicant") }
            guard try !row.decode(column: 0, as: Bool.self) else { throw VouchError.applicantErased }
            let dataKey = try newestDataKey(tx, tenant: tenant, keyring: keyring)
            guard let made = try insertNew(tx, tenant: tenant, applicant: applicant, dataKey: dataKey, now: now) else {
                return try ensure(tx, tenant: tenant, applicant: applicant, keyring: keyring, now: now)
            }
            return made
        }
    }

    /// Makes and stores a key for an applicant that has none, wrapped by `dataKey`; nil when
    /// another transaction stored one first (two first uploads of an older applicant may race:
    /// one row wins, and the loser must use the winner's key).
    static func insertNew(_ tx: PostgresTransaction, tenant: TenantID, applicant: ApplicantID, dataKey: (UUID, SymmetricKey), now: Date)
        throws -> (id: UUID, key: SymmetricKey)?
    {
        let made = try Keyring.newApplicantKey(tenant: tenant, applicant: applicant, dataKey: dataKey.1, dataKeyID: dataKey.0)
        let inserted = try tx.query(
            """
            INSERT INTO applicant_keys (tenant_id, applicant_id, id, data_key_id, wrapped_key, created_at)
            VALUES (\(tenant.uuid), \(applicant.uuid), \(made.wrapped.id), \(dataKey.0), \(made.wrapped.wrapped), \(now))
            ON CONFLICT (tenant_id, applicant_id) DO NOTHING RETURNING 1
            """
        )
        return inserted.isEmpty ? nil : (made.wrapped.id, made.key)
    }

    /// The key `id` that sealed something of the applicant's: its own key, or (for what was
    /// sealed before applicant keys) one of the tenant's data keys. Throws `applicantErased`
    /// once the applicant's key is destroyed.
    static func openingKey(_ tx: PostgresTransaction, tenant: TenantID, applicant: ApplicantID, id: UUID, keyring: Keyring) throws
        -> SymmetricKey
    {
        switch try state(tx, tenant: tenant, applicant: applicant, keyring: keyring) {
        case .live(let keyID, let key) where keyID == id: return key
        case .destroyed(let keyID) where keyID == id: throw VouchError.applicantErased
        default:
            guard let wrapped = try DataKeyRepository.key(tx, id: id, tenant: tenant) else { throw VouchError.notFound("data key") }
            return try keyring.unwrap(wrapped, for: tenant)
        }
    }

    /// Destroys the applicant's key: crypto-shredding. Returns its id, nil when it had none.
    static func destroy(_ tx: PostgresTransaction, tenant: TenantID, applicant: ApplicantID, now: Date) throws -> UUID? {
        let rows = try tx.query(
            """
            UPDATE applicant_keys SET wrapped_key = NULL, destroyed_at = coalesce(destroyed_at, \(now))
            WHERE tenant_id = \(tenant.uuid) AND applicant_id = \(applicant.uuid)
            RETURNING id
            """
        )
        return try rows.first?.decode(column: 0, as: UUID.self)
    }

    /// A sealing key by id when it is an applicant key: the applicant it belongs to and the key
    /// wrapped, with the data key that wraps it (nil wrapped key: destroyed). Nil when no
    /// applicant key has this id.
    static func byID(_ tx: PostgresTransaction, tenant: TenantID, id: UUID) throws
        -> (applicant: ApplicantID, key: WrappedApplicantKey?)?
    {
        let rows = try tx.query(
            """
            SELECT applicant_id, data_key_id, wrapped_key FROM applicant_keys
            WHERE tenant_id = \(tenant.uuid) AND id = \(id)
            """
        )
        guard let row = rows.first else { return nil }
        let (applicant, dataKeyID, wrapped) = try row.decode(UUID.self, UUID.self, [UInt8]?.self)
        return (ApplicantID(uuid: applicant), wrapped.map { WrappedApplicantKey(id: id, dataKeyID: dataKeyID, wrapped: $0) })
    }

    /// The tenant's newest data key, unwrapped, which wraps new applicant keys.
    static func newestDataKey(_ tx: PostgresTransaction, tenant: TenantID, keyring: Keyring) throws -> (UUID, SymmetricKey) {
        guard let wrapped = try DataKeyRepository.newest(tx, tenant: tenant) else { throw VouchError.notFound("data key") }
        return (wrapped.id, try keyring.unwrap(wrapped, for: tenant))
    }

    /// The applicant key in the four columns of `row` from `offset` (its id, its data key's id,
    /// itself and its data key wrapped), unwrapped; nil when destroyed or never made. Every
    /// read that joins the key with what it opens goes through here.
    static func unwrap(_ row: PostgresRow, from offset: Int, tenant: TenantID, applicant: ApplicantID, keyring: Keyring) throws
        -> SymmetricKey?
    {
        let (id, dataKeyID, wrapped, wrappedDataKey) = try (
            row.decode(column: offset, as: UUID?.self), row.decode(column: offset + 1, as: UUID?.self),
            row.decode(column: offset + 2, as: [UInt8]?.self), row.decode(column: offset + 3, as: [UInt8]?.self)
        )
        guard let id, let dataKeyID, let wrapped, let wrappedDataKey else { return nil }
        let dataKey = try keyring.unwrap(WrappedDataKey(id: dataKeyID, wrapped: wrappedDataKey), for: tenant)
        return try Keyring.unwrap(
            WrappedApplicantKey(id: id, dataKeyID: dataKeyID, wrapped: wrapped),
            with: dataKey,
            tenant: tenant,
            applicant: applicant
        )
    }
}

extension ApplicantKeyRepository {
    /// Wraps up to `limit` of the tenant's live applicant keys that another data key wraps under
    /// its newest one (a data key rotation), skipping keys in use elsewhere; returns how many.
    static func rewrapUnderNewestDataKey(_ tx: PostgresTransaction, tenant: TenantID, keyring: Keyring, limit: Int) throws -> Int {
        let (newestID, newest) = try newestDataKey(tx, tenant: tenant, keyring: keyring)
        let rows = try tx.query(
            """
            SELECT k.applicant_id, k.id, k.data_key_id, k.wrapped_key, d.wrapped_key
            FROM applicant_keys k JOIN tenant_data_keys d ON d.tenant_id = k.tenant_id AND d.id = k.data_key_id
            WHERE k.tenant_id = \(tenant.uuid) AND k.data_key_id <> \(newestID) AND k.wrapped_key IS NOT NULL
            ORDER BY k.applicant_id LIMIT \(limit)
            FOR UPDATE OF k SKIP LOCKED
            """
        )
        for row in rows {
            let (applicant, id, dataKeyID, wrapped, wrappedDataKey) = try row.decode(
                UUID.self,
                UUID.self,
                UUID.self,
                [UInt8].self,
                [UInt8].self
            )
            let old = try keyring.unwrap(WrappedDataKey(id: dataKeyID, wrapped: wrappedDataKey), for: tenant)
            let moved = try Keyring.rewrap(
                WrappedApplicantKey(id: id, dataKeyID: dataKeyID, wrapped: wrapped),
                from: old,
                to: newest,
                newKeyID: newestID,
                tenant: tenant,
                applicant: ApplicantID(uuid: applicant)
            )
            try tx.query(
                """
                UPDATE applicant_keys SET data_key_id = \(newestID), wrapped_key = \(moved.wrapped)
                WHERE tenant_id = \(tenant.uuid) AND applicant_id = \(applicant)
                """
            )
        }
        return rows.count
    }
}
