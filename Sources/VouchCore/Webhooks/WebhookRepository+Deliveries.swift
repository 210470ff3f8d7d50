import Base
import Foundation
import Postgres

/// The sender's side of deliveries, each in its tenant: what goes out, and how each try ended.
extension WebhookRepository {
    /// Ends a try whose full record could not be written, or that should not be made: the
    /// delivery is retried at `retryAt` or dead, with `reason`, and nothing else is touched.
    func settle(_ delivery: ClaimedDelivery, retryAt: Date?, reason: String) async throws {
        try await database.transaction(delivery.tenant) { tx in
            try tx.finish(
                with: """
                    UPDATE webhook_deliveries SET state = \(retryAt == nil ? "dead" : "pending"),
                        next_attempt_at = coalesce(\(retryAt), next_attempt_at), lease_until = NULL, worker = NULL,
                        last_error = \(reason)
                    WHERE tenant_id = \(delivery.tenant.uuid) AND id = \(delivery.id) AND state = 'sending'
                    """
            )
        }
    }

    /// The endpoint's URL and secrets in force, and the event's payload; nil when either is gone.
    func package(_ delivery: ClaimedDelivery, now: Date) async throws -> DeliveryPackage? {
        let tenant = delivery.tenant
        let rows = try await database.read(
            tenant,
            """
            SELECT CASE WHEN t.status = 'suspended' THEN 'paused' ELSE w.status END,
                w.url, w.secret_sealed, w.previous_secret_sealed, w.previous_secret_expires_at,
                e.type, e.data::text, e.created_at, e.applicant_id, e.sequence, w.payload
            FROM webhook_endpoints w JOIN events e ON e.tenant_id = w.tenant_id AND e.id = \(delivery.event)
                JOIN tenants t ON t.id = w.tenant_id
            WHERE w.tenant_id = \(tenant.uuid) AND w.id = \(delivery.endpoint)
            """
        )
        guard let row = rows.first else { return nil }
        // A suspended tenant's deliveries wait as a paused endpoint's do.
        let (status, url, secrets) = try endpointColumns(
            row,
            tenant: tenant,
            endpoint: WebhookEndpointID(uuid: delivery.endpoint),
            now: now
        )
        let (type, data, createdAt) = try (
            row.decode(column: 5, as: String.self), row.decode(column: 6, as: String.self), row.decode(column: 7, as: Date.self)
        )
        let (applicant, sequence, payload) = try (
            row.decode(column: 8, as: UUID?.self), row.decode(column: 9, as: Int?.self), row.decode(column: 10, as: String.self)
        )
        let eventID = EventID(uuid: delivery.event).description
        let body = try WebhookPayload.body(
            eventID: eventID,
            type: type,
            createdAt: createdAt,
            livemode: tenant.livemode,
            applicant: applicant.map(ApplicantID.init(uuid:)),
            sequence: sequence,
            data: data,
            thin: payload == WebhookPayload.thin.rawValue
        )
        return DeliveryPackage(url: url, status: status, secrets: secrets, body: body, eventID: eventID)
    }

    /// A `ping` for one endpoint, signed with its secrets in force, to send now outside the
    /// queue (whatever the endpoint's status: a merchant tests a receiver before enabling it).
    /// Its id is a new event id, and no event is stored. Nil when the tenant has no such endpoint.
    func pingPackage(tenant: TenantID, endpoint: WebhookEndpointID, now: Date) async throws -> DeliveryPackage? {
        let rows = try await database.read(
            tenant,
            """
            SELECT w.status, w.url, w.secret_sealed, w.previous_secret_sealed, w.previous_secret_expires_at
            FROM webhook_endpoints w WHERE w.tenant_id = \(tenant.uuid) AND w.id = \(endpoint.uuid)
            """
        )
        guard let row = rows.first else { return nil }
        let (status, url, secrets) = try endpointColumns(row, tenant: tenant, endpoint: endpoint, now: now)
        let eventID = EventID.generate().description
        let body = try WebhookPayload.body(
            eventID: eventID,
            type: "ping",
            createdAt: now,
            livemode: tenant.livemode,
            applicant: nil,
            sequence: nil,
            data: #"{"webhook_endpoint_id":"\#(endpoint.description)"}"#,
            thin: false
        )
        return DeliveryPackage(url: url, status: status, secrets: secrets, body: body, eventID: eventID)
    }

    /// The first five columns of a package's row: status, URL and the endpoint's secrets in force
    /// (the previous one too, until it expires), opened.
    private func endpointColumns(
        _ row: PostgresRow,
        tenant: TenantID,
        endpoint: WebhookEndpointID,
        now: Date
    ) throws -> (WebhookEndpoint.Status, String, [String]) {
        let (status, url, sealed, previous, previousExpiry) = try row.decode(
            String.self,
            String.self,
            [UInt8].self,
            [UInt8]?.self,
            Date?.self
        )
        var secrets = [try keyring.openWebhookSecret(sealed, tenant: tenant, endpoint: endpoint)]
        if let previous, let previousExpiry, previousExpiry > now {
            secrets.append(try keyring.openWebhookSecret(previous, tenant: tenant, endpoint: endpoint))
        }
        return (WebhookEndpoint.Status(rawValue: status) ?? .disabled, url, secrets)
    }

    /// Records a ping's outcome in the audit log (a ping has no delivery of its own).
    func recordPing(tenant: TenantID, endpoint: WebhookEndpointID, outcome: AttemptOutcome) async throws {
        try await database.transaction(tenant) { tx in
            let details: JSONValue = .object([
                "status_code": outcome.statusCode.map { .number(Double($0)) } ?? .null,
                "error": outcome.error.map(JSONValue.string) ?? .null,
            ])
            try AuditRepository.record(
                tx,
                tenant: tenant,
                action: "webhook_endpoint.tested",
                object: AuditObject(endpoint, type: "webhook_endpoint"),
                details: details
            )
        }
    }

    /// Records the attempt and where the delivery goes next: delivered, retried at `retryAt`,
    /// or dead; a 410, or five days of nothing but failures, disables the endpoint.
    func record(
        _ delivery: ClaimedDelivery,
        outcome: AttemptOutcome,
        retryAt: Date?,
        disableAfter: TimeInterval,
        now: Date
    ) async throws {
        try await database.transaction(delivery.tenant) { tx in
            let tenant = delivery.tenant.uuid
            // The endpoint first, as deleting it locks it before its deliveries: taken the other
            // way round, a delete and a record would each wait for the other. An endpoint
            // deleted meanwhile took its deliveries with it: nothing is left to record.
            let endpoint = try tx.query(
                """
                SELECT 1 FROM webhook_endpoints WHERE tenant_id = \(tenant) AND id = \(delivery.endpoint) FOR NO KEY UPDATE
                """
            )
            guard !endpoint.isEmpty else { return }
            try tx.query(
                """
                INSERT INTO webhook_attempts (tenant_id, id, delivery_id, attempted_at, status_code, latency_ms, error, response_body)
                VALUES (\(tenant), \(UUID.version7(now: now)), \(delivery.id), \(now), \(outcome.statusCode),
                    \(outcome.latencyMilliseconds), \(outcome.error), \(outcome.responseBody))
                """
            )
            let state = outcome.succeeded ? "delivered" : (retryAt == nil ? "dead" : "pending")
            try tx.query(
                """
                UPDATE webhook_deliveries SET state = \(state), next_attempt_at = coalesce(\(retryAt), next_attempt_at),
                    lease_until = NULL, worker = NULL, last_status = \(outcome.statusCode), last_error = \(outcome.error),
                    delivered_at = CASE WHEN \(outcome.succeeded) THEN \(now) END
                WHERE tenant_id = \(tenant) AND id = \(delivery.id) AND state = 'sending'
                """
            )
            try updateEndpointHealth(tx, delivery, outcome: outcome, disableAfter: disableAfter, now: now)
        }
    }

    private func updateEndpointHealth(
        _ tx: PostgresTransaction,
        _ delivery: ClaimedDelivery,
        outcome: AttemptOutcome,
        disableAfter: TimeInterval,
        now: Date
    ) throws {
        let tenant = delivery.tenant.uuid
        if outcome.succeeded {
            try tx.query(
                "UPDATE webhook_endpoints SET failing_since = NULL WHERE tenant_id = \(tenant) AND id = \(delivery.endpoint) AND failing_since IS NOT NULL"
            )
            return
        }
        let gone = outcome.statusCode == 410
        let reason = gone ? "the endpoint answered 410 Gone" : "every delivery failed for 5 days"
        try tx.query(
            """
            UPDATE webhook_endpoints SET failing_since = coalesce(failing_since, \(now)),
                status = CASE WHEN \(gone) OR coalesce(failing_since, \(now)) <= \(now.addingTimeInterval(-disableAfter))
                    THEN 'disabled' ELSE status END,
                disabled_reason = CASE WHEN \(gone) OR coalesce(failing_since, \(now)) <= \(now.addingTimeInterval(-disableAfter))
                    THEN \(reason) ELSE disabled_reason END,
                updated_at = \(now)
            WHERE tenant_id = \(tenant) AND id = \(delivery.endpoint)
            """
        )
    }

    /// A delivery for an endpoint that is paused waits, its try not counted.
    func postpone(_ delivery: ClaimedDelivery, until: Date) async throws {
        _ = try await database.read(
            delivery.tenant,
            """
            UPDATE webhook_deliveries SET state = 'pending', attempts = attempts - 1, next_attempt_at = \(until),
                lease_until = NULL, worker = NULL
            WHERE tenant_id = \(delivery.tenant.uuid) AND id = \(delivery.id) AND state = 'sending'
            """
        )
    }
}
