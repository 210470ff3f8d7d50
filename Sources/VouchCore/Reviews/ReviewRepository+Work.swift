import Base
import Foundation
import Postgres

/// Working a case: reading it whole, assigning it to a reviewer, and leaving notes on it. Each
/// write is in the audit log with the key that made it.
extension ReviewRepository {
    /// One review case with its notes; nil when the tenant has none with this id.
    public func review(tenant: TenantID, id: ReviewID) async throws -> Review? {
        try await database.transaction(tenant) { tx in try Self.review(tx, tenant: tenant, id: id) }
    }

    static func review(_ tx: PostgresTransaction, tenant: TenantID, id: ReviewID) throws -> Review? {
        let rows = try tx.query("SELECT \(unsafeSQL: Self.columns) FROM reviews WHERE tenant_id = \(tenant.uuid) AND id = \(id.uuid)")
        guard var review = try rows.first.map(Self.decode) else { return nil }
        review.notes = try tx.query(
            """
            SELECT id, body, author, created_by, created_at FROM review_notes
            WHERE tenant_id = \(tenant.uuid) AND review_id = \(id.uuid) ORDER BY id
            """
        ).map { row in
            let (note, body, author, key, created) = try row.decode(UUID.self, String.self, String?.self, UUID.self, Date.self)
            return ReviewNote(id: ReviewNoteID(uuid: note), body: body, author: author, createdBy: APIKeyID(uuid: key), createdAt: created)
        }
        return review
    }

    /// Assigns the case to `assignee`, or to nobody (nil); open or decided, so that who worked a
    /// case stays on it. Nil when the tenant has no such case.
    public func assign(tenant: TenantID, id: ReviewID, to assignee: String?, now: Date = Date()) async throws -> Review? {
        try await database.transaction(tenant) { tx in
            let changed = try tx.query(
                """
                UPDATE reviews SET assignee = \(assignee), assigned_at = CASE WHEN \(assignee)::text IS NULL THEN NULL ELSE \(now) END
                WHERE tenant_id = \(tenant.uuid) AND id = \(id.uuid) RETURNING 1
                """
            )
            guard !changed.isEmpty else { return nil }
            try AuditRepository.record(
                tx,
                tenant: tenant,
                action: assignee == nil ? "review.unassigned" : "review.assigned",
                object: AuditObject(id, type: "review"),
                now: now
            )
            return try Self.review(tx, tenant: tenant, id: id)
        }
    }

    /// Adds a note to the case; nil when the tenant has no such case.
    public func addNote(
        tenant: TenantID,
        review id: ReviewID,
        body: String,
        author: String?,
        by key: APIKeyID,
        now: Date = Date()
    ) async throws -> ReviewNote? {
        try await database.transaction(tenant) { tx in
            let note = ReviewNote(id: .generate(), body: body, author: author, createdBy: key, createdAt: now)
            let inserted = try tx.query(
                """
                INSERT INTO review_notes (tenant_id, id, review_id, applicant_id, created_by, author, body, created_at)
                SELECT tenant_id, \(note.id.uuid), id, applicant_id, \(key.uuid), \(author), \(body), \(now)
                FROM reviews WHERE tenant_id = \(tenant.uuid) AND id = \(id.uuid)
                RETURNING 1
                """
            )
            guard !inserted.isEmpty else { return nil }
            // The note's text stays out of the audit log: it may say things about the person.
            try AuditRepository.record(tx, tenant: tenant, action: "review.noted", object: AuditObject(id, type: "review"), now: now)
            return note
        }
    }

    /// Closes the case by rejecting one document, with reasons the end user is shown, so that
    /// only that one is uploaded again: the applicant goes back to waiting for it (no verdict),
    /// and the new version is checked and decided as any upload is.
    public func rejectDocument(
        tenant: TenantID,
        id: ReviewID,
        document: DocumentID,
        reasons: [String],
        reason: String,
        by key: APIKeyID,
        now: Date = Date()
    ) async throws -> Review {
        try await database.transaction(tenant) { tx in
            let details: [String: JSONValue] = ["document_id": .string(document.description)]
            let review = try Self.close(
                tx,
                tenant: tenant,
                id: id,
                decision: "reject_document",
                reason: reason,
                by: key,
                details: details,
                now: now
            )
            let applicant = review.applicantID
            try ApplicantRepository.clearVerdict(tx, tenant: tenant, applicant: applicant, now: now)
            guard
                let type = try DocumentRepository.rejectByReviewer(
                    tx,
                    tenant: tenant,
                    applicant: applicant,
                    document: document,
                    reasons: reasons,
                    now: now
                )
            else {
                throw VouchError.invalidField(name: "document_id", reason: "is not a checked document this applicant has now")
            }
            try DocumentEvents.checked(
                tx,
                tenant: tenant,
                document: document,
                applicant: applicant,
                type: type,
                status: .rejected,
                reasons: reasons,
                now: now
            )
            try Self.completed(tx, tenant: tenant, review: review, now: now)
            return review
        }
    }

    /// Reopens a rejected applicant for a reviewer (a rejection by the rules has no case of its
    /// own, and was final): the applicant goes to `in_review` with a new open case, whose first
    /// note is why. `applicantNotRejected` for any other applicant; nil for none.
    public func reopen(
        tenant: TenantID,
        applicant: ApplicantID,
        reason: String,
        by key: APIKeyID,
        now: Date = Date()
    ) async throws -> Review? {
        try await database.transaction(tenant) { tx -> Review? in
            guard try ApplicantRepository.lockUnerased(tx, tenant: tenant, applicant: applicant) else {
                guard try ApplicantRepository.exists(tx, tenant: tenant, applicant: applicant) else { return nil }
                throw VouchError.applicantErased
            }
            guard try ApplicantRepository.lockDecision(tx, tenant: tenant, applicant: applicant) == ApplicantStatus.rejected.rawValue
            else { throw VouchError.applicantNotRejected }
            let reasons = ["reopened"]
            try ApplicantRepository.recordVerdict(tx, tenant: tenant, applicant: applicant, verdict: .inReview, reasons: reasons, now: now)
            try Self.open(tx, tenant: tenant, applicant: applicant, reasons: reasons, now: now)
            let opened = try tx.query(
                "SELECT id FROM reviews WHERE tenant_id = \(tenant.uuid) AND applicant_id = \(applicant.uuid) AND status = 'open'"
            )
            let id = ReviewID(uuid: try opened[0].decode(column: 0))
            try tx.query(
                """
                INSERT INTO review_notes (tenant_id, id, review_id, applicant_id, created_by, body, created_at)
                VALUES (\(tenant.uuid), \(ReviewNoteID.generate().uuid), \(id.uuid), \(applicant.uuid), \(key.uuid), \(reason), \(now))
                """
            )
            try AuditRepository.record(
                tx,
                tenant: tenant,
                action: "applicant.reopened",
                object: AuditObject(applicant, type: "applicant"),
                now: now
            )
            return try Self.review(tx, tenant: tenant, id: id)
        }
    }

    /// Deletes the notes on an applicant's cases, in its erasure's transaction.
    static func eraseNotes(_ tx: PostgresTransaction, tenant: TenantID, applicant: ApplicantID) throws {
        try tx.query("DELETE FROM review_notes WHERE tenant_id = \(tenant.uuid) AND applicant_id = \(applicant.uuid)")
    }
}
