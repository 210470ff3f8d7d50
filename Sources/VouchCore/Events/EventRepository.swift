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
}

/// A stored event.
public struct Event: Sendable, Equatable {
    public var id: EventID
    public var type: String
    public var subjectID: UUID
    public var data: JSONValue
    public var createdAt: Date
}

/// The event log, the outbox of webhooks: every state change appends its event in the
/// transaction that makes the change, so an event exists exactly when its change does.
public enum EventRepository {
    public static func append(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        type: EventType,
        subject: UUID,
        data: JSONValue,
        now: Date = Date()
    ) throws {
        let id = UUID.version7(now: now)
        try tx.query(
            """
            INSERT INTO events (tenant_id, id, type, subject_id, data, created_at)
            VALUES (\(tenant.uuid), \(id), \(type.rawValue), \(subject),
                \(try PostgresJSON(encoding: data)), \(now))
            """
        )
        try WebhookRepository.fanOut(tx, tenant: tenant, event: id, type: type.rawValue, now: now)
    }

    /// Events about one subject, oldest first.
    public static func about(_ tx: PostgresTransaction, tenant: TenantID, subject: UUID) throws -> [Event] {
        let rows = try tx.query(
            """
            SELECT id, type, subject_id, data, created_at FROM events
            WHERE tenant_id = \(tenant.uuid) AND subject_id = \(subject) ORDER BY created_at, id
            """
        )
        return try rows.map { row in
            let (id, type, subject, data, createdAt) = try row.decode(UUID.self, String.self, UUID.self, PostgresJSON.self, Date.self)
            return Event(id: EventID(uuid: id), type: type, subjectID: subject, data: try data.decode(JSONValue.self), createdAt: createdAt)
        }
    }
}
