import Base
import Foundation
import Postgres
import Verification

/// The event log and the delivery log, as merchants read them; and redelivery.
extension WebhookRepository {
    /// Events newest first, optionally of one type.
    public func events(tenant: TenantID, type: String?, limit: Int, startingAfter: EventID?) async throws -> (
        events: [Event], hasMore: Bool
    ) {
        let after = startingAfter?.uuid ?? ApplicantRepository.maximumUUID
        let rows = try await database.read(
            tenant,
            """
            SELECT \(unsafeSQL: Event.columns) FROM events
            WHERE tenant_id = \(tenant.uuid) AND (\(type)::text IS NULL OR type = \(type)) AND id < \(after)
            ORDER BY id DESC LIMIT \(limit + 1)
            """
        )
        let events = try rows.map(Event.init(row:))
        return (Array(events.prefix(limit)), events.count > limit)
    }

    /// One event; nil when the tenant has none with this id.
    public func event(tenant: TenantID, id: EventID) async throws -> Event? {
        let rows = try await database.read(
            tenant,
            "SELECT \(unsafeSQL: Event.columns) FROM events WHERE tenant_id = \(tenant.uuid) AND id = \(id.uuid)"
        )
        return try rows.first.map(Event.init(row:))
    }

    /// Where a page of an applicant's events starts: after a sequence number, or after an event.
    public enum ApplicantEventsCursor: Sendable {
        case afterSequence(Int)
        case afterEvent(EventID)
    }

    /// One applicant's events in sequence order, from `cursor`: what a receiver reads to catch
    /// up after an outage. `notFound` for an unknown applicant; `invalidField` for an event
    /// cursor that is not one of the applicant's events.
    public func events(tenant: TenantID, applicant: ApplicantID, from cursor: ApplicantEventsCursor, limit: Int) async throws
        -> (events: [Event], hasMore: Bool)
    {
        try await database.transaction(tenant) { tx in
            let known = try tx.query("SELECT 1 FROM applicants WHERE tenant_id = \(tenant.uuid) AND id = \(applicant.uuid)")
            guard !known.isEmpty else { throw VouchError.notFound("applicant") }
            let afterSequence: Int
            switch cursor {
            case .afterSequence(let sequence): afterSequence = sequence
            case .afterEvent(let event):
                let found = try tx.query(
                    """
                    SELECT sequence FROM events
                    WHERE tenant_id = \(tenant.uuid) AND applicant_id = \(applicant.uuid) AND id = \(event.uuid)
                    """
                )
                guard let sequence = try found.first?.decode(column: 0, as: Int?.self) else {
                    throw VouchError.invalidField(name: "starting_after", reason: "is not an event of this applicant")
                }
                afterSequence = sequence
            }
            let rows = try tx.query(
                """
                SELECT \(unsafeSQL: Event.columns) FROM events
                WHERE tenant_id = \(tenant.uuid) AND applicant_id = \(applicant.uuid) AND sequence > \(afterSequence)
                ORDER BY sequence LIMIT \(limit + 1)
                """
            )
            let events = try rows.map(Event.init(row:))
            return (Array(events.prefix(limit)), events.count > limit)
        }
    }

    /// Queues the event again for every enabled endpoint that wants it; returns how many.
    public func redeliver(tenant: TenantID, event: EventID, now: Date = Date()) async throws -> Int {
        try await database.transaction(tenant) { tx in
            let queued = try Self.redeliver(tx, tenant: tenant, event: event.uuid, now: now)
            let details: JSONValue = .object(["deliveries_queued": .number(Double(queued))])
            try AuditRepository.record(
                tx,
                tenant: tenant,
                action: "event.redelivered",
                object: AuditObject(event, type: "event"),
                details: details,
                now: now
            )
            return queued
        }
    }

    /// An endpoint's deliveries, newest first, each with its attempts.
    public func deliveries(tenant: TenantID, endpoint: WebhookEndpointID, limit: Int) async throws -> [WebhookDeliveryRecord] {
        try await database.transaction(tenant) { tx in
            let owned = try tx.query("SELECT 1 FROM webhook_endpoints WHERE tenant_id = \(tenant.uuid) AND id = \(endpoint.uuid)")
            guard !owned.isEmpty else { throw VouchError.notFound("webhook endpoint") }
            let rows = try tx.query(
                """
                SELECT d.id, d.event_id, e.type, d.state, d.next_attempt_at, d.created_at, d.delivered_at
                FROM webhook_deliveries d JOIN events e ON e.tenant_id = d.tenant_id AND e.id = d.event_id
                WHERE d.tenant_id = \(tenant.uuid) AND d.endpoint_id = \(endpoint.uuid)
                ORDER BY d.created_at DESC, d.id LIMIT \(limit)
                """
            )
            var records = try rows.map { row in
                let (id, event, type, state) = try row.decode(UUID.self, UUID.self, String.self, String.self)
                return WebhookDeliveryRecord(
                    id: WebhookDeliveryID(uuid: id),
                    eventID: EventID(uuid: event),
                    eventType: type,
                    state: state,
                    attempts: [],
                    nextAttemptAt: state == "pending" ? try row.decode(column: 4) : nil,
                    createdAt: try row.decode(column: 5),
                    deliveredAt: try row.decode(column: 6)
                )
            }
            let ids = records.map { $0.id.uuid.uuidString.lowercased() }
            guard !ids.isEmpty else { return records }
            let attempts = try tx.query(
                """
                SELECT delivery_id, attempted_at, status_code, latency_ms, error, response_body FROM webhook_attempts
                WHERE tenant_id = \(tenant.uuid) AND delivery_id = ANY (\(PostgresTextArray(ids))::uuid[])
                ORDER BY attempted_at
                """
            )
            for row in attempts {
                let delivery = try row.decode(column: 0, as: UUID.self)
                guard let index = records.firstIndex(where: { $0.id.uuid == delivery }) else { continue }
                records[index].attempts.append(
                    WebhookDeliveryRecord.Attempt(
                        attemptedAt: try row.decode(column: 1),
                        statusCode: try row.decode(column: 2),
                        latencyMilliseconds: try row.decode(column: 3),
                        error: try row.decode(column: 4),
                        responseBody: try row.decode(column: 5)
                    )
                )
            }
            return records
        }
    }
}
