import Base
import Foundation
import Postgres
import Verification

/// A case in the manual review queue.
public struct Review: Sendable, Equatable {
    public var id: ReviewID
    public var applicantID: ApplicantID
    /// `open` or `closed`.
    public var status: String
    /// Why the applicant is here (the decision's reason codes).
    public var reasons: [String]
    /// `approve` or `reject` once decided.
    public var decision: String?
    public var decisionReason: String?
    public var decidedBy: APIKeyID?
    public var createdAt: Date
    public var decidedAt: Date?
}

/// The review queue: cases opened by the pipeline, decided by merchant admins.
public struct ReviewRepository: Sendable {
    let database: TenantDatabase

    public init(database: TenantDatabase) {
        self.database = database
    }

    static let columns = "id, applicant_id, status, reasons, decision, decision_reason, decided_by, created_at, decided_at"

    /// Opens a case for the applicant unless one is already open.
    static func open(_ tx: PostgresTransaction, tenant: TenantID, applicant: UUID, reasons: [String], now: Date) throws {
        try tx.query(
            """
            INSERT INTO reviews (tenant_id, id, applicant_id, status, reasons, created_at)
            VALUES (\(tenant.uuid), \(UUID.version7(now: now)), \(applicant), 'open', \(PostgresTextArray(reasons)), \(now))
            ON CONFLICT (tenant_id, applicant_id) WHERE status = 'open' DO NOTHING
            """
        )
    }

    /// Cases, newest first, optionally only those with `status`; cursor by id.
    public func list(tenant: TenantID, status: String?, limit: Int, startingAfter: ReviewID?) async throws -> (
        reviews: [Review], hasMore: Bool
    ) {
        let after = startingAfter?.uuid ?? ApplicantRepository.maximumUUID
        let rows = try await database.read(
            tenant,
            """
            SELECT \(unsafeSQL: Self.columns) FROM reviews
            WHERE tenant_id = \(tenant.uuid) AND (\(status)::text IS NULL OR status = \(status)) AND id < \(after)
            ORDER BY id DESC LIMIT \(limit + 1)
            """
        )
        let reviews = try rows.map(Self.decode)
        return (Array(reviews.prefix(limit)), reviews.count > limit)
    }

    /// Records a reviewer's decision and moves the applicant: approve → verified (documents in
    /// review become VERIFIED), reject → rejected. Writes `review.completed` and the applicant's event.
    public func decide(
        tenant: TenantID,
        id: ReviewID,
        approve: Bool,
        reason: String,
        by key: APIKeyID,
        now: Date = Date()
    ) async throws -> Review {
        try await database.transaction(tenant) { tx in
            let rows = try tx.query(
                "SELECT \(unsafeSQL: Self.columns) FROM reviews WHERE tenant_id = \(tenant.uuid) AND id = \(id.uuid) FOR UPDATE"
            )
            guard let row = rows.first else { throw VouchError.notFound("review") }
            var review = try Self.decode(row)
            guard review.status == "open" else { throw VouchError.reviewClosed }
            let applicant = review.applicantID.uuid
            // The applicant's lock orders this after any pipeline write in flight for it.
            guard try ApplicantRepository.lockUnerased(tx, tenant: tenant, applicant: applicant) else {
                throw VouchError.applicantErased
            }
            review.status = "closed"
            review.decision = approve ? "approve" : "reject"
            review.decisionReason = reason
            review.decidedBy = key
            review.decidedAt = now
            try tx.query(
                """
                UPDATE reviews SET status = 'closed', decision = \(review.decision), decision_reason = \(reason),
                    decided_by = \(key.uuid), decided_at = \(now)
                WHERE tenant_id = \(tenant.uuid) AND id = \(id.uuid)
                """
            )
            try Self.moveApplicant(tx, tenant: tenant, review: review, approve: approve, now: now)
            let details: JSONValue = .object([
                "applicant_id": .string(review.applicantID.description), "decision": .string(review.decision ?? ""),
            ])
            try AuditRepository.record(
                tx,
                tenant: tenant,
                action: "review.decided",
                object: AuditObject(id, type: "review"),
                details: details,
                now: now
            )
            return review
        }
    }

    static func moveApplicant(_ tx: PostgresTransaction, tenant: TenantID, review: Review, approve: Bool, now: Date) throws {
        let applicant = review.applicantID.uuid
        let status = approve ? "verified" : "rejected"
        let reasons = approve ? [] : ["review_rejected"]
        if approve {
            try verifyDocumentsInReview(tx, tenant: tenant, applicant: applicant, now: now)
            try ApplicantVerdicts.countVerified(tx, tenant: tenant, applicant: applicant, now: now)
        }
        try ApplicantVerdicts.setDecision(tx, tenant: tenant, applicant: applicant, status: status, reasons: reasons, now: now)
        let trace: JSONValue = .array([
            .object([
                "rule": .string("review." + review.id.description),
                "action": .string(approve ? "approve" : "reject"),
                "reason": .string(review.decisionReason ?? ""),
            ])
        ])
        try ApplicantCheckLog.insert(
            tx,
            tenant: tenant,
            applicant: applicant,
            kind: "decision",
            status: status,
            result: .object([
                "verdict": .string(status),
                "reasons": .array(reasons.map(JSONValue.string)),
                "decided_by": .string("review." + review.id.description),
                "reviewer_key_id": .string(review.decidedBy?.description ?? ""),
                "trace": trace,
            ]),
            now: now
        )
        let data: JSONValue = .object([
            "review_id": .string(review.id.description),
            "applicant_id": .string(review.applicantID.description),
            "decision": .string(review.decision ?? ""),
            "reason": .string(review.decisionReason ?? ""),
        ])
        try EventLog.append(tx, tenant: tenant, type: .reviewCompleted, subject: review.id.uuid, data: data, now: now)
        try PipelineEvents.applicant(
            tx,
            tenant: tenant,
            applicant: applicant,
            type: approve ? .applicantVerified : .applicantRejected,
            status: status,
            reasons: reasons,
            now: now
        )
    }

    /// An approval verifies the documents that were waiting for a reviewer, each with its
    /// `document.verified`: merchants hear of this transition as of one made by the checks.
    static func verifyDocumentsInReview(_ tx: PostgresTransaction, tenant: TenantID, applicant: UUID, now: Date) throws {
        let approved = try tx.query(
            """
            UPDATE documents d SET status = 'VERIFIED', updated_at = \(now)
            FROM current_documents c
            WHERE c.tenant_id = \(tenant.uuid) AND c.applicant_id = \(applicant)
                AND d.tenant_id = c.tenant_id AND d.id = c.document_id AND d.status = 'IN_REVIEW'
            RETURNING d.id, d.doc_type
            """
        )
        for row in approved {
            let (document, type) = try row.decode(UUID.self, String.self)
            try PipelineEvents.document(
                tx,
                tenant: tenant,
                document: document,
                applicant: applicant,
                type: type,
                status: "VERIFIED",
                reasons: [],
                now: now
            )
        }
    }

    static func decode(_ row: PostgresRow) throws -> Review {
        let (id, applicant, status, reasons, decision, decisionReason, decidedBy, createdAt, decidedAt) = try row.decode(
            UUID.self,
            UUID.self,
            String.self,
            PostgresTextArray.self,
            String?.self,
            String?.self,
            UUID?.self,
            Date.self,
            Date?.self
        )
        return Review(
            id: ReviewID(uuid: id),
            applicantID: ApplicantID(uuid: applicant),
            status: status,
            reasons: reasons.elements,
            decision: decision,
            decisionReason: decisionReason,
            decidedBy: decidedBy.map(APIKeyID.init(uuid:)),
            createdAt: createdAt,
            decidedAt: decidedAt
        )
    }
}
