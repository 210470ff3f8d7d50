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
    /// The applicant's latest face check, as a fraud analyst needs it beside the case: its
    /// status and details (both faces' boxes, the distance and threshold, any duplicate).
    public var face: JSONValue?
    /// Who works the case (the merchant's name for its reviewer), and since when.
    public var assignee: String?
    public var assignedAt: Date?
    /// Reviewers' notes, oldest first: read for one case, not for lists.
    public var notes: [ReviewNote] = []
}

/// A reviewer's note on a case.
public struct ReviewNote: Sendable, Equatable {
    public var id: ReviewNoteID
    public var body: String
    /// The merchant's name for the person who wrote it, when given.
    public var author: String?
    /// The API key that wrote it.
    public var createdBy: APIKeyID
    public var createdAt: Date
}

/// The review queue: cases opened by the pipeline, decided by merchant admins.
public struct ReviewRepository: Sendable {
    let database: TenantDatabase

    public init(database: TenantDatabase) {
        self.database = database
    }

    static let columns = """
        id, applicant_id, status, reasons, decision, decision_reason, decided_by, created_at, decided_at,
        (SELECT c.result FROM applicant_checks c
            WHERE c.tenant_id = reviews.tenant_id AND c.applicant_id = reviews.applicant_id AND c.kind = 'face'
            ORDER BY c.created_at DESC, c.id DESC LIMIT 1) AS face,
        assignee, assigned_at
        """

    /// Opens a case for the applicant unless one is already open.
    static func open(_ tx: PostgresTransaction, tenant: TenantID, applicant: ApplicantID, reasons: [String], now: Date) throws {
        try tx.query(
            """
            INSERT INTO reviews (tenant_id, id, applicant_id, status, reasons, created_at)
            VALUES (\(tenant.uuid), \(UUID.version7(now: now)), \(applicant.uuid), 'open', \(PostgresTextArray(reasons)), \(now))
            ON CONFLICT (tenant_id, applicant_id) WHERE status = 'open' DO NOTHING
            """
        )
    }

    /// Cases, newest first, optionally only those with `status`; cursor by id.
    public func list(
        tenant: TenantID,
        status: String?,
        assignee: String? = nil,
        limit: Int,
        startingAfter: ReviewID?
    ) async throws -> (reviews: [Review], hasMore: Bool) {
        let after = startingAfter?.uuid ?? ApplicantRepository.maximumUUID
        let rows = try await database.read(
            tenant,
            """
            SELECT \(unsafeSQL: Self.columns) FROM reviews
            WHERE tenant_id = \(tenant.uuid) AND (\(status)::text IS NULL OR status = \(status))
                AND (\(assignee)::text IS NULL OR assignee = \(assignee)) AND id < \(after)
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
            let review = try Self.close(
                tx,
                tenant: tenant,
                id: id,
                decision: approve ? "approve" : "reject",
                reason: reason,
                by: key,
                now: now
            )
            try Self.moveApplicant(tx, tenant: tenant, review: review, approve: approve, now: now)
            return review
        }
    }

    /// Closes an open case with a reviewer's decision, after locking it and its applicant, and
    /// audits it; what the decision does to the applicant is the caller's.
    static func close(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        id: ReviewID,
        decision: String,
        reason: String,
        by key: APIKeyID,
        details: [String: JSONValue] = [:],
        now: Date
    ) throws -> Review {
        let rows = try tx.query(
            "SELECT \(unsafeSQL: Self.columns) FROM reviews WHERE tenant_id = \(tenant.uuid) AND id = \(id.uuid) FOR UPDATE"
        )
        guard let row = rows.first else { throw VouchError.notFound("review") }
        var review = try Self.decode(row)
        guard review.status == "open" else { throw VouchError.reviewClosed }
        // The applicant's lock orders this after any pipeline write in flight for it.
        guard try ApplicantRepository.lockUnerased(tx, tenant: tenant, applicant: review.applicantID) else {
            throw VouchError.applicantErased
        }
        review.status = "closed"
        review.decision = decision
        review.decisionReason = reason
        review.decidedBy = key
        review.decidedAt = now
        try tx.query(
            """
            UPDATE reviews SET status = 'closed', decision = \(decision), decision_reason = \(reason),
                decided_by = \(key.uuid), decided_at = \(now)
            WHERE tenant_id = \(tenant.uuid) AND id = \(id.uuid)
            """
        )
        var audited = details
        audited["applicant_id"] = .string(review.applicantID.description)
        audited["decision"] = .string(decision)
        try AuditRepository.record(
            tx,
            tenant: tenant,
            action: "review.decided",
            object: AuditObject(id, type: "review"),
            details: .object(audited),
            now: now
        )
        return review
    }

    /// Moves the reviewed applicant on: an approval first verifies the documents waiting for
    /// a reviewer, then the decision is recorded, `review.completed` written, and the verdict
    /// written where every verdict is.
    static func moveApplicant(_ tx: PostgresTransaction, tenant: TenantID, review: Review, approve: Bool, now: Date) throws {
        let applicant = review.applicantID
        let verdict: ApplicantVerdict = approve ? .verified : .rejected
        let reasons = approve ? [] : ["review_rejected"]
        if approve { try verifyDocumentsInReview(tx, tenant: tenant, applicant: applicant, now: now) }
        try ApplicantCheckRepository.recordDecision(
            tx,
            tenant: tenant,
            applicant: applicant,
            verdict: verdict.rawValue,
            record: decisionRecord(review, verdict: verdict, reasons: reasons, approve: approve),
            now: now
        )
        try completed(tx, tenant: tenant, review: review, now: now)
        try ApplicantRepository.recordVerdict(tx, tenant: tenant, applicant: applicant, verdict: verdict, reasons: reasons, now: now)
    }

    /// `review.completed`, with the decision and why.
    static func completed(_ tx: PostgresTransaction, tenant: TenantID, review: Review, now: Date) throws {
        let data: JSONValue = .object([
            "review_id": .string(review.id.description),
            "applicant_id": .string(review.applicantID.description),
            "decision": .string(review.decision ?? ""),
            "reason": .string(review.decisionReason ?? ""),
        ])
        try EventRepository.append(
            tx,
            tenant: tenant,
            type: .reviewCompleted,
            subject: review.id.uuid,
            applicant: review.applicantID,
            data: data,
            now: now
        )
    }

    /// A reviewer's decision as the applicant's checks show it.
    static func decisionRecord(_ review: Review, verdict: ApplicantVerdict, reasons: [String], approve: Bool) -> JSONValue {
        let trace: JSONValue = .array([
            .object([
                "rule": .string("review." + review.id.description),
                "action": .string(approve ? "approve" : "reject"),
                "reason": .string(review.decisionReason ?? ""),
            ])
        ])
        return .object([
            "verdict": .string(verdict.rawValue),
            "reasons": .array(reasons.map(JSONValue.string)),
            "decided_by": .string("review." + review.id.description),
            "reviewer_key_id": .string(review.decidedBy?.description ?? ""),
            "trace": trace,
        ])
    }

    /// An approval verifies the documents that were waiting for a reviewer, each with its
    /// `document.verified`: merchants hear of this transition as of one made by the checks.
    static func verifyDocumentsInReview(_ tx: PostgresTransaction, tenant: TenantID, applicant: ApplicantID, now: Date) throws {
        for document in try DocumentRepository.verifyInReview(tx, tenant: tenant, applicant: applicant, now: now) {
            try DocumentEvents.checked(
                tx,
                tenant: tenant,
                document: document.id,
                applicant: applicant,
                type: document.type,
                status: .verified,
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
            decidedAt: decidedAt,
            face: try Self.face(try row.decode(column: 9, as: PostgresJSON?.self)),
            assignee: try row.decode(column: 10, as: String?.self),
            assignedAt: try row.decode(column: 11, as: Date?.self)
        )
    }

    /// The face check's status and details; nil without a check that ran.
    static func face(_ stored: PostgresJSON?) throws -> JSONValue? {
        guard let result = try stored?.decode(JSONValue.self), let status = result["status"]?.stringValue, status != "skipped" else {
            return nil
        }
        guard case .object(var details) = result["details"] ?? .object([:]) else { return nil }
        details["status"] = .string(status)
        return .object(details)
    }
}
