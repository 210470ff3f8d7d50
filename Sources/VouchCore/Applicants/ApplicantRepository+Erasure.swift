import Base
import Foundation
import Postgres
import Verification

extension ApplicantRepository {
    /// Erases the applicant: its key is destroyed (crypto-shredding: nothing sealed under it can
    /// be opened again, in a replica or a later backup; a backup from before still holds the
    /// wrapped key, see `vouch erasures replay`), its documents' sealed bytes deleted, its
    /// profile, blind indexes, zones, fields and signals cleared, its provider answers' details
    /// dropped, its waiting jobs removed; the row stays as a tombstone with `erased_at`, its
    /// verdict and the event log. Returns the tombstone and the signed deletion certificate
    /// (a JWS), or nil when there is no such applicant (or it is already erased: its
    /// certificate is `deletionCertificate(tenant:applicant:)`).
    ///
    /// One transaction, under the applicant's lock: each aggregate erases its own part, and the
    /// certificate is written with them, so there is never an erasure without one.
    public func erase(tenant: TenantID, id: ApplicantID, now: Date = Date()) async throws -> (Applicant, certificate: String)? {
        let key = try await signingKeys.current(now: now)
        let keyring = keyring
        return try await database.transaction(tenant) { tx in
            guard try Self.lockUnerased(tx, tenant: tenant, applicant: id) else { return nil }
            // A profile that no longer opens (a damaged row) is erased all the same, named whole.
            let opened = (try? Self.read(tx, tenant: tenant, id: id, keyring: keyring))?.profile.filledFieldNames
            let profileFields = try opened ?? (Self.hasSealedProfile(tx, tenant: tenant, id: id) ? ["profile"] : [])
            let documents = try DocumentRepository.erasureInventory(tx, tenant: tenant, applicant: id)
            try DocumentRepository.erase(tx, tenant: tenant, applicant: id, now: now)
            try ApplicantCheckRepository.erase(tx, tenant: tenant, applicant: id)
            try ScreeningRepository.erase(tx, tenant: tenant, applicant: id)
            try ReviewRepository.eraseNotes(tx, tenant: tenant, applicant: id)
            try Self.dropQueuedJobs(tx, tenant: tenant, applicant: id)
            // Stored responses about the applicant hold its personal data or a session token.
            try IdempotencyRepository.purge(tx, tenant: tenant, applicant: id)
            let applicantKey = try ApplicantKeyRepository.destroy(tx, tenant: tenant, applicant: id, now: now)
            try tx.query(
                """
                UPDATE applicants SET first_name = NULL, last_name = NULL, date_of_birth = NULL, nationality = NULL,
                    country_of_residence = NULL, email = NULL, address = NULL, profile_sealed = NULL, email_index = NULL,
                    name_index = NULL, erased_at = \(now), updated_at = \(now)
                WHERE tenant_id = \(tenant.uuid) AND id = \(id.uuid)
                """
            )
            let data: JSONValue = .object(["applicant_id": .string(id.description), "erased_at": .string(now.rfc3339)])
            try EventRepository.append(tx, tenant: tenant, type: .applicantErased, subject: id.uuid, applicant: id, data: data, now: now)
            try AuditRepository.record(tx, tenant: tenant, action: "applicant.erased", object: AuditObject(id, type: "applicant"), now: now)
            // After the audit row, whose position it names: two short statements under the
            // chain head's lock, waiting on no other lock.
            let audit = try AuditRepository.head(tx, tenant: tenant)
            let certificate = DeletionCertificate(
                tenantID: tenant.description,
                applicantID: id.description,
                erasedAt: now.rfc3339,
                requestedBy: .init(type: audit.actorType, id: audit.actorID, requestID: audit.requestID),
                destroyed: .init(
                    documentIDs: documents.documentIDs,
                    documentBytes: documents.bytes,
                    dataKeyIDs: documents.dataKeyIDs,
                    applicantKeyID: applicantKey.map { $0.uuidString.lowercased() },
                    faceDescriptors: documents.faceDescriptors,
                    profileFields: profileFields,
                    documentFields: DocumentRepository.erasedFields
                ),
                audit: .init(sequence: audit.sequence, hash: audit.hash),
                keyID: key.id
            )
            let jws = try certificate.signed(with: key)
            try tx.query(
                """
                INSERT INTO deletion_certificates (tenant_id, applicant_id, jws, created_at)
                VALUES (\(tenant.uuid), \(id.uuid), \(jws), \(now))
                """
            )
            guard let tombstone = try Self.read(tx, tenant: tenant, id: id, keyring: keyring) else { return nil }
            return (tombstone, jws)
        }
    }

    /// The signed certificate of an erased applicant; nil when it was never erased (or was
    /// erased before certificates were issued).
    public func deletionCertificate(tenant: TenantID, applicant: ApplicantID) async throws -> String? {
        let rows = try await database.read(
            tenant,
            "SELECT jws FROM deletion_certificates WHERE tenant_id = \(tenant.uuid) AND applicant_id = \(applicant.uuid)"
        )
        return try rows.first?.decode(column: 0, as: String.self)
    }

    /// Records in the audit log that everything held about the applicant was exported (a subject
    /// access request), by whom the request's actor says.
    public func recordExport(tenant: TenantID, id: ApplicantID, now: Date = Date()) async throws {
        try await database.transaction(tenant) { tx in
            try AuditRepository.record(
                tx,
                tenant: tenant,
                action: "applicant.exported",
                object: AuditObject(id, type: "applicant"),
                now: now
            )
        }
    }

    static func hasSealedProfile(_ tx: PostgresTransaction, tenant: TenantID, id: ApplicantID) throws -> Bool {
        let rows = try tx.query(
            "SELECT profile_sealed IS NOT NULL FROM applicants WHERE tenant_id = \(tenant.uuid) AND id = \(id.uuid)"
        )
        return try rows.first?.decode(column: 0, as: Bool.self) ?? false
    }

    /// The applicant as `get` reads it, inside a transaction.
    static func read(_ tx: PostgresTransaction, tenant: TenantID, id: ApplicantID, keyring: Keyring) throws -> Applicant? {
        let rows = try tx.query(
            "SELECT \(unsafeSQL: columns) FROM \(unsafeSQL: withKeys) WHERE a.tenant_id = \(tenant.uuid) AND a.id = \(id.uuid)"
        )
        return try rows.first.map { try decode($0, tenant: tenant, keyring: keyring) }
    }

    /// Removes the jobs still waiting for the applicant or its documents: they would only read
    /// what erasure cleared. (The queue has no call for this, so the statement lives with the
    /// erasure it belongs to.)
    static func dropQueuedJobs(_ tx: PostgresTransaction, tenant: TenantID, applicant: ApplicantID) throws {
        try tx.query(
            """
            DELETE FROM jobs WHERE tenant_id = \(tenant.uuid) AND state = 'queued' AND (subject_id = \(applicant.uuid)
                OR subject_id IN (SELECT d.id FROM documents d WHERE d.tenant_id = \(tenant.uuid) AND d.applicant_id = \(applicant.uuid)))
            """
        )
    }
}
