import Base
import Foundation
import Postgres
import Verification

/// The event types merchants receive (API.md, Webhooks).
public enum EventType: String, Sendable, CaseIterable {
    case applicantCreated = "applicant.created"
    case applicantSubmitted = "applicant.submitted"
    case applicantProcessing = "applicant.processing"
    case applicantVerified = "applicant.verified"
    case applicantRejected = "applicant.rejected"
    case applicantInReview = "applicant.in_review"
    case documentSubmitted = "document.submitted"
    case documentVerified = "document.verified"
    case documentRejected = "document.rejected"
    case reviewCompleted = "review.completed"
    case applicantErased = "applicant.erased"
    case applicantScreeningHit = "applicant.screening_hit"
}

/// A stored event.
public struct Event: Sendable, Equatable {
    public var id: EventID
    public var type: String
    public var subjectID: UUID
    /// The applicant the event is about, and its place among that applicant's events.
    public var applicantID: ApplicantID?
    public var sequence: Int?
    public var data: JSONValue
    public var createdAt: Date

    /// The columns `init(row:)` reads, in order.
    static let columns = "id, type, subject_id, applicant_id, sequence, data, created_at"

    init(row: PostgresRow) throws {
        let (id, type, subject, applicant, sequence) = try row.decode(UUID.self, String.self, UUID.self, UUID?.self, Int?.self)
        self.id = EventID(uuid: id)
        self.type = type
        self.subjectID = subject
        self.applicantID = applicant.map(ApplicantID.init(uuid:))
        self.sequence = sequence
        self.data = try row.decode(column: 5, as: PostgresJSON.self).decode(JSONValue.self)
        self.createdAt = try row.decode(column: 6)
    }
}

/// The event log, the outbox of webhooks: every state change appends its event in the
/// transaction that makes the change, so an event exists exactly when its change does.
public enum EventRepository {
    ///
    /// The event takes the applicant's next sequence number from the applicant's row, which stays
    /// locked until commit: an applicant's events are numbered without gaps, in commit order.
    public static func append(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        type: EventType,
        subject: UUID,
        applicant: ApplicantID,
        data: JSONValue,
        now: Date = Date()
    ) throws {
        let id = UUID.version7(now: now)
        let rows = try tx.query(
            """
            WITH next AS (
                UPDATE applicants SET event_sequence = event_sequence + 1
                WHERE tenant_id = \(tenant.uuid) AND id = \(applicant.uuid) RETURNING event_sequence
            )
            INSERT INTO events (tenant_id, id, type, subject_id, applicant_id, sequence, data, created_at)
            SELECT \(tenant.uuid), \(id), \(type.rawValue), \(subject), \(applicant.uuid), event_sequence,
                \(try PostgresJSON(encoding: data)), \(now)
            FROM next
            RETURNING 1
            """
        )
        guard !rows.isEmpty else { throw VouchError.notFound("applicant") }
        try WebhookRepository.fanOut(tx, tenant: tenant, event: id, type: type.rawValue, now: now)
        // Heard at commit by every instance's long polls of this applicant's status (the same
        // payload twice in one transaction is sent once).
        try tx.query(
            "SELECT pg_notify(\(ApplicantChangeWaiters.channel), \(ApplicantChangeWaiters.key(tenant, applicant)))"
        )
    }
}
