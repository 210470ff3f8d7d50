import Foundation
import Postgres

/// Seals what was stored before applicant keys existed — plaintext profiles and claims, document
/// versions sealed under a tenant's data key — one tenant and one batch at a time.
///
/// Online: a batch is one short transaction that skips rows other transactions hold, and the
/// server reads both forms meanwhile. Resumable: a batch takes whatever is still unsealed, so a
/// run stopped anywhere (a crash included) is finished by running it again.
public struct ExistingDataSealer: Sendable {
    let database: TenantDatabase
    let keys: DataKeyStore

    public init(database: TenantDatabase, keyring: Keyring) {
        self.database = database
        self.keys = DataKeyStore(database: database, keyring: keyring)
    }

    /// Rows of a tenant: sealed by a batch, or left to seal.
    public struct Rows: Sendable, Equatable {
        public var applicants: Int
        public var documents: Int

        public var total: Int { applicants + documents }

        public init(applicants: Int, documents: Int) {
            self.applicants = applicants
            self.documents = documents
        }
    }

    /// What the tenant still holds unsealed (a count over its rows: once per run, not per batch).
    public func remaining(tenant: TenantID) async throws -> Rows {
        try await database.transaction(tenant) { tx in
            Rows(
                applicants: try ApplicantRepository.plaintextProfileCount(tx, tenant: tenant),
                documents: try DocumentRepository.underDataKeysCount(tx, tenant: tenant)
            )
        }
    }

    /// Seals up to `limit` applicants and `limit` document versions of the tenant; returns how
    /// many it sealed (none: nothing left, or only rows in use elsewhere).
    public func sealBatch(tenant: TenantID, limit: Int, now: Date = Date()) async throws -> Rows {
        let index = try await keys.blindIndex(for: tenant)
        let keyring = keys.keyring
        return try await database.transaction(tenant) { tx in
            Rows(
                applicants: try ApplicantRepository.sealPlaintextProfiles(
                    tx,
                    tenant: tenant,
                    index: index,
                    keyring: keyring,
                    limit: limit,
                    now: now
                ),
                documents: try DocumentRepository.resealUnderApplicantKeys(
                    tx,
                    tenant: tenant,
                    index: index,
                    keyring: keyring,
                    limit: limit,
                    now: now
                )
            )
        }
    }
}
