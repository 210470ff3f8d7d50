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

    /// Where a run has got to in a tenant: the last applicant and document version each batch
    /// looked at, so the next starts after them instead of scanning again from the start.
    public struct Cursor: Sendable, Equatable {
        var applicantsAfter: UUID?
        var documentsAfter: UUID?
        var applicantsDone = false
        var documentsDone = false

        public init() {}

        /// Nothing left after it: what it skipped (rows in use) is counted by `remaining`.
        public var isDone: Bool { applicantsDone && documentsDone }
    }

    /// Document versions sealed per batch at most: each may be a 10 MiB file, held in memory
    /// three times over (sealed, opened, sealed again) while its transaction runs.
    static let documentsPerBatch = 10

    /// Seals up to `limit` applicants and a few document versions of the tenant, after `cursor`;
    /// returns how many it sealed and where to go on from.
    public func sealBatch(tenant: TenantID, limit: Int, after cursor: Cursor, now: Date = Date()) async throws -> (Rows, Cursor) {
        let index = try await keys.blindIndex(for: tenant)
        let keyring = keys.keyring
        return try await database.transaction(tenant) { tx in
            var next = cursor
            var sealed = Rows(applicants: 0, documents: 0)
            if !cursor.applicantsDone {
                let batch = try ApplicantRepository.sealPlaintextProfiles(
                    tx,
                    tenant: tenant,
                    index: index,
                    keyring: keyring,
                    limit: limit,
                    after: cursor.applicantsAfter,
                    now: now
                )
                sealed.applicants = batch.sealed
                next.applicantsAfter = batch.last
                next.applicantsDone = batch.last == nil
            }
            if !cursor.documentsDone {
                let batch = try DocumentRepository.resealUnderApplicantKeys(
                    tx,
                    tenant: tenant,
                    index: index,
                    keyring: keyring,
                    limit: min(limit, Self.documentsPerBatch),
                    after: cursor.documentsAfter,
                    now: now
                )
                sealed.documents = batch.moved
                next.documentsAfter = batch.last
                next.documentsDone = batch.last == nil
            }
            return (sealed, next)
        }
    }
}
