import Base
import Foundation
import Postgres

/// Moving applicants stored before profiles were sealed under their own keys.
extension ApplicantRepository {
    /// Seals up to `limit` plaintext profiles of the tenant after `after` in id order, in one
    /// transaction: each gets its key (if it has none), its sealed profile and blind indexes,
    /// and loses its plaintext columns. Rows locked elsewhere are skipped (a later run takes
    /// them). Returns how many were sealed and the last id sealed (nil: none left).
    static func sealPlaintextProfiles(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        index: BlindIndex,
        keyring: Keyring,
        limit: Int,
        after: UUID?,
        now: Date
    ) throws -> (sealed: Int, last: UUID?) {
        let rows = try tx.query(
            """
            SELECT \(unsafeSQL: columns) FROM \(unsafeSQL: withKeys)
            WHERE a.tenant_id = \(tenant.uuid) AND a.id > \(after ?? minimumUUID) AND a.erased_at IS NULL
                AND a.profile_sealed IS NULL AND \(unsafeSQL: plaintextPresent)
            ORDER BY a.id LIMIT \(limit)
            FOR UPDATE OF a SKIP LOCKED
            """
        )
        guard !rows.isEmpty else { return (0, nil) }
        let dataKey = try ApplicantKeyRepository.newestDataKey(tx, tenant: tenant, keyring: keyring)
        for row in rows {
            let applicant = try decode(row, tenant: tenant, keyring: keyring)
            // The row read its key, if it has one; else one is made (or a racing upload's taken).
            let key =
                try ApplicantKeyRepository.unwrap(row, from: 13, tenant: tenant, applicant: applicant.id, keyring: keyring)
                ?? ApplicantKeyRepository.insertNew(tx, tenant: tenant, applicant: applicant.id, dataKey: dataKey, now: now)?.key
                ?? ApplicantKeyRepository.ensure(tx, tenant: tenant, applicant: applicant.id, keyring: keyring, now: now).key
            let profile = applicant.profile
            let sealed = try profile.sealed(with: key, tenant: tenant, applicant: applicant.id)
            try tx.query(
                """
                UPDATE applicants SET profile_sealed = \(sealed), email_index = \(profile.email.map(index.email)),
                    name_index = \(index.name(first: profile.firstName, last: profile.lastName)),
                    first_name = NULL, last_name = NULL, date_of_birth = NULL, nationality = NULL,
                    country_of_residence = NULL, email = NULL, address = NULL
                WHERE tenant_id = \(tenant.uuid) AND id = \(applicant.id.uuid)
                """
            )
        }
        return (rows.count, try rows.last?.decode(column: 0, as: UUID.self))
    }

    /// How many of the tenant's applicants still hold a plaintext profile.
    static func plaintextProfileCount(_ tx: PostgresTransaction, tenant: TenantID) throws -> Int {
        let rows = try tx.query(
            """
            SELECT count(*) FROM applicants a
            WHERE a.tenant_id = \(tenant.uuid) AND a.erased_at IS NULL AND a.profile_sealed IS NULL
                AND \(unsafeSQL: plaintextPresent)
            """
        )
        return try rows[0].decode(column: 0, as: Int.self)
    }

    private static let plaintextPresent = """
        (a.first_name IS NOT NULL OR a.last_name IS NOT NULL OR a.date_of_birth IS NOT NULL OR a.nationality IS NOT NULL
            OR a.country_of_residence IS NOT NULL OR a.email IS NOT NULL OR a.address IS NOT NULL)
        """
}
