import Base
import Foundation
import Postgres

/// Screening on request: reviewers' clearances of candidates, per applicant, and screening an
/// applicant again.
public struct ScreeningRepository: Sendable {
    let database: TenantDatabase

    public init(database: TenantDatabase) {
        self.database = database
    }

    static let columns = "id, applicant_id, candidate_id, entry_version, caption, reason, cleared_by, created_at"

    /// Clears a candidate of the applicant's latest screening, in the version of its entry that
    /// screening saw; clearing it again returns the clearance already made. Throws `notFound`
    /// for an unknown or erased applicant, and `invalidField` when the latest screening did not
    /// raise the candidate.
    public func clear(
        tenant: TenantID,
        applicant: ApplicantID,
        candidate: String,
        reason: String,
        now: Date = Date()
    ) async throws -> ScreeningClearance {
        try await database.transaction(tenant) { tx in
            guard try ApplicantRepository.lockUnerased(tx, tenant: tenant, applicant: applicant) else {
                throw VouchError.notFound("applicant")
            }
            let latest = try ApplicantCheckRepository.latestAnswer(tx, tenant: tenant, applicant: applicant, kind: .screening)
            let raised = (latest?.details["hits"]?.arrayValue ?? []) + (latest?.details["cleared"]?.arrayValue ?? [])
            guard let hit = raised.first(where: { $0["id"]?.stringValue == candidate }) else {
                throw VouchError.invalidField(name: "candidate_id", reason: "is not a candidate of the applicant's latest screening")
            }
            let rows = try tx.query(
                """
                INSERT INTO screening_clearances (tenant_id, id, applicant_id, candidate_id, entry_version, caption, reason,
                    cleared_by, created_at)
                VALUES (\(tenant.uuid), \(UUID.version7(now: now)), \(applicant.uuid), \(candidate),
                    \(hit["entry_version"]?.stringValue ?? ""), \(hit["caption"]?.stringValue ?? candidate), \(reason),
                    coalesce(nullif(current_setting('app.actor_type', true), ''), 'system') || ':'
                        || coalesce(nullif(current_setting('app.actor_id', true), ''), 'vouch'),
                    \(now))
                ON CONFLICT (tenant_id, applicant_id, candidate_id, entry_version) DO NOTHING
                RETURNING \(unsafeSQL: Self.columns)
                """
            )
            guard let row = rows.first else {
                let existing = try tx.query(
                    """
                    SELECT \(unsafeSQL: Self.columns) FROM screening_clearances
                    WHERE tenant_id = \(tenant.uuid) AND applicant_id = \(applicant.uuid) AND candidate_id = \(candidate)
                        AND entry_version = \(hit["entry_version"]?.stringValue ?? "")
                    """
                )
                return try Self.decode(existing[0])
            }
            let clearance = try Self.decode(row)
            try AuditRepository.record(
                tx,
                tenant: tenant,
                action: "screening.candidate_cleared",
                object: AuditObject(applicant, type: "applicant"),
                details: .object([
                    "clearance_id": .string(clearance.id.description),
                    "candidate_id": .string(candidate),
                    "entry_version": .string(clearance.entryVersion),
                ]),
                now: now
            )
            return clearance
        }
    }

    /// Queues a new screening of the applicant (`screen_applicant`); `notFound` for an unknown or
    /// erased applicant. Asking again while one waits queues nothing more.
    public func rescreen(tenant: TenantID, applicant: ApplicantID, now: Date = Date()) async throws {
        try await database.transaction(tenant) { tx in
            guard try ApplicantRepository.lockUnerased(tx, tenant: tenant, applicant: applicant) else {
                throw VouchError.notFound("applicant")
            }
            try JobRepository.enqueue(tx, tenant: tenant, task: .screenApplicant(applicant), now: now)
            try AuditRepository.record(
                tx,
                tenant: tenant,
                action: "applicant.rescreen_requested",
                object: AuditObject(applicant, type: "applicant"),
                now: now
            )
        }
    }

    /// The applicant's clearances, oldest first; `notFound` for an unknown applicant.
    public func list(tenant: TenantID, applicant: ApplicantID) async throws -> [ScreeningClearance] {
        try await database.transaction(tenant) { tx in
            let known = try tx.query("SELECT 1 FROM applicants WHERE tenant_id = \(tenant.uuid) AND id = \(applicant.uuid)")
            guard !known.isEmpty else { throw VouchError.notFound("applicant") }
            return try Self.all(tx, tenant: tenant, applicant: applicant)
        }
    }

    static func all(_ tx: PostgresTransaction, tenant: TenantID, applicant: ApplicantID) throws -> [ScreeningClearance] {
        try tx.query(
            """
            SELECT \(unsafeSQL: columns) FROM screening_clearances
            WHERE tenant_id = \(tenant.uuid) AND applicant_id = \(applicant.uuid) ORDER BY id
            """
        ).map(decode)
    }

    /// Erasure: the reasons may describe the person.
    static func erase(_ tx: PostgresTransaction, tenant: TenantID, applicant: ApplicantID) throws {
        try tx.query("DELETE FROM screening_clearances WHERE tenant_id = \(tenant.uuid) AND applicant_id = \(applicant.uuid)")
    }

    static func decode(_ row: PostgresRow) throws -> ScreeningClearance {
        let (id, applicant, candidate, version, caption) = try row.decode(UUID.self, UUID.self, String.self, String.self, String.self)
        return ScreeningClearance(
            id: ScreeningClearanceID(uuid: id),
            applicantID: ApplicantID(uuid: applicant),
            candidateID: candidate,
            entryVersion: version,
            caption: caption,
            reason: try row.decode(column: 5),
            clearedBy: try row.decode(column: 6),
            createdAt: try row.decode(column: 7)
        )
    }
}
