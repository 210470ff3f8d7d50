import Base
import Foundation
import Postgres
import Verification

extension ApplicantRepository {
    /// Erases the applicant: its documents' sealed bytes are deleted (nothing can decrypt them
    /// again), its profile, zones, fields and signals cleared, its provider answers' details
    /// dropped, its waiting jobs removed; the row stays as a tombstone with `erased_at`, its
    /// verdict and the event log. Returns nil when there is no such applicant (or it is
    /// already erased).
    ///
    /// One transaction, under the applicant's lock: each aggregate erases its own part.
    public func erase(tenant: TenantID, id: ApplicantID, now: Date = Date()) async throws -> Applicant? {
        try await database.transaction(tenant) { tx in
            guard try Self.lockUnerased(tx, tenant: tenant, applicant: id) else { return nil }
            try DocumentRepository.erase(tx, tenant: tenant, applicant: id, now: now)
            try ApplicantCheckRepository.erase(tx, tenant: tenant, applicant: id)
            try ScreeningRepository.erase(tx, tenant: tenant, applicant: id)
            try Self.dropQueuedJobs(tx, tenant: tenant, applicant: id)
            // Stored responses about the applicant hold its personal data or a session token.
            try IdempotencyRepository.purge(tx, tenant: tenant, applicant: id)
            let rows = try tx.query(
                """
                UPDATE applicants SET first_name = NULL, last_name = NULL, date_of_birth = NULL, nationality = NULL,
                    country_of_residence = NULL, email = NULL, address = NULL, erased_at = \(now), updated_at = \(now)
                WHERE tenant_id = \(tenant.uuid) AND id = \(id.uuid)
                RETURNING \(unsafeSQL: Self.columns)
                """
            )
            let data: JSONValue = .object(["applicant_id": .string(id.description), "erased_at": .string(now.rfc3339)])
            try EventRepository.append(tx, tenant: tenant, type: .applicantErased, subject: id.uuid, applicant: id, data: data, now: now)
            try AuditRepository.record(tx, tenant: tenant, action: "applicant.erased", object: AuditObject(id, type: "applicant"), now: now)
            return try Self.decode(rows[0])
        }
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
