import Foundation
import Postgres

/// Webhooks, the aggregate: merchants' endpoints with their sealed secrets and rotations (here),
/// the outbox that fans events out into deliveries, the deliveries the sender claims and records,
/// and the delivery log merchants read (in the `WebhookRepository+…` files).
public struct WebhookRepository: Sendable {
    let database: TenantDatabase
    let keyring: Keyring
    /// How long a rotated-out secret keeps signing.
    public static let rotationOverlap: TimeInterval = 24 * 3600

    public init(database: TenantDatabase, keyring: Keyring) {
        self.database = database
        self.keyring = keyring
    }

    static let columns = """
        id, url, description, event_types, status, disabled_reason, failing_since, previous_secret_expires_at, \
        created_at, updated_at, payload, public_key, previous_public_key
        """

    /// Stores a new endpoint; returns it with its secret, the only time the secret is shown (an
    /// Ed25519 endpoint's secret key is never shown: its public key is).
    /// Throws `VouchError.webhookEndpointLimitReached` when the tenant has as many endpoints as
    /// its plan allows: each event writes a delivery per endpoint in the event's transaction.
    public func create(
        tenant: TenantID,
        url: String,
        description: String,
        eventTypes: [String],
        payload: WebhookPayload = .full,
        signing: WebhookSigning = .hmacSHA256,
        now: Date = Date()
    ) async throws -> (WebhookEndpoint, secret: String) {
        let id = WebhookEndpointID(uuid: UUID.version7(now: now))
        let (secret, publicKey) = StandardWebhooks.newKey(signing)
        let sealed = try keyring.sealWebhookSecret(secret, tenant: tenant, endpoint: id)
        let endpoint = try await database.transaction(tenant) { tx in
            // Creations take turns, so two at once cannot both fit under the limit.
            try TenantDatabase.takeTurns(tx, tenant: tenant, on: "webhook_endpoints")
            let plan = try tx.query(
                """
                SELECT p.webhook_endpoint_limit FROM tenants t JOIN plans p ON p.name = t.plan
                WHERE t.id = \(tenant.uuid)
                """
            )
            let limit = try plan[0].decode(column: 0, as: Int.self)
            let existing = try tx.query("SELECT count(*) FROM webhook_endpoints WHERE tenant_id = \(tenant.uuid)")
            guard try existing[0].decode(column: 0, as: Int.self) < limit else {
                throw VouchError.webhookEndpointLimitReached(limit: limit)
            }
            let rows = try tx.query(
                """
                INSERT INTO webhook_endpoints (tenant_id, id, url, description, event_types, payload, secret_sealed,
                    public_key, created_at, updated_at)
                VALUES (\(tenant.uuid), \(id.uuid), \(url), \(description), \(PostgresTextArray(eventTypes)),
                    \(payload.rawValue), \(sealed), \(publicKey), \(now), \(now))
                RETURNING \(unsafeSQL: Self.columns)
                """
            )
            try AuditRepository.record(
                tx,
                tenant: tenant,
                action: "webhook_endpoint.created",
                object: AuditObject(id, type: "webhook_endpoint")
            )
            return try Self.decode(rows[0])
        }
        return (endpoint, secret)
    }

    public func list(tenant: TenantID, limit: Int, startingAfter: WebhookEndpointID?) async throws -> (
        endpoints: [WebhookEndpoint], hasMore: Bool
    ) {
        let after = startingAfter?.uuid ?? ApplicantRepository.maximumUUID
        let rows = try await database.read(
            tenant,
            """
            SELECT \(unsafeSQL: Self.columns) FROM webhook_endpoints
            WHERE tenant_id = \(tenant.uuid) AND id < \(after) ORDER BY id DESC LIMIT \(limit + 1)
            """
        )
        let endpoints = try rows.map(Self.decode)
        return (Array(endpoints.prefix(limit)), endpoints.count > limit)
    }

    public func get(tenant: TenantID, id: WebhookEndpointID) async throws -> WebhookEndpoint {
        let rows = try await database.read(
            tenant,
            "SELECT \(unsafeSQL: Self.columns) FROM webhook_endpoints WHERE tenant_id = \(tenant.uuid) AND id = \(id.uuid)"
        )
        guard let row = rows.first else { throw VouchError.notFound("webhook endpoint") }
        return try Self.decode(row)
    }

    public func update(tenant: TenantID, id: WebhookEndpointID, changes: WebhookEndpointChanges, now: Date = Date()) async throws
        -> WebhookEndpoint
    {
        let types = changes.eventTypes.map(PostgresTextArray.init)
        let rows = try await audited(
            tenant,
            "webhook_endpoint.updated",
            id,
            """
            UPDATE webhook_endpoints SET url = coalesce(\(changes.url), url),
                description = coalesce(\(changes.description), description),
                event_types = coalesce(\(types), event_types),
                payload = coalesce(\(changes.payload?.rawValue), payload),
                status = coalesce(\(changes.status?.rawValue), status),
                disabled_reason = CASE WHEN \(changes.status?.rawValue)::text IS NULL THEN disabled_reason END,
                failing_since = CASE WHEN \(changes.status?.rawValue)::text = 'enabled' THEN NULL ELSE failing_since END,
                updated_at = \(now)
            WHERE tenant_id = \(tenant.uuid) AND id = \(id.uuid)
            RETURNING \(unsafeSQL: Self.columns)
            """
        )
        guard let row = rows.first else { throw VouchError.notFound("webhook endpoint") }
        return try Self.decode(row)
    }

    /// Deletes the endpoint with its deliveries and their attempts.
    public func delete(tenant: TenantID, id: WebhookEndpointID) async throws {
        let rows = try await audited(
            tenant,
            "webhook_endpoint.deleted",
            id,
            "DELETE FROM webhook_endpoints WHERE tenant_id = \(tenant.uuid) AND id = \(id.uuid) RETURNING 1"
        )
        guard !rows.isEmpty else { throw VouchError.notFound("webhook endpoint") }
    }

    /// A new secret, of the endpoint's scheme unless `signing` names another; the one it replaces
    /// keeps signing for `rotationOverlap`, so an endpoint moving from HMAC to Ed25519 carries
    /// both signatures meanwhile.
    public func rotateSecret(
        tenant: TenantID,
        id: WebhookEndpointID,
        signing: WebhookSigning? = nil,
        now: Date = Date()
    ) async throws -> (WebhookEndpoint, secret: String) {
        let scheme: WebhookSigning
        if let signing { scheme = signing } else { scheme = try await get(tenant: tenant, id: id).signing }
        let (secret, publicKey) = StandardWebhooks.newKey(scheme)
        let sealed = try keyring.sealWebhookSecret(secret, tenant: tenant, endpoint: id)
        let rows = try await audited(
            tenant,
            "webhook_endpoint.secret_rotated",
            id,
            """
            UPDATE webhook_endpoints SET previous_secret_sealed = secret_sealed,
                previous_secret_expires_at = \(now.addingTimeInterval(Self.rotationOverlap)),
                previous_public_key = public_key, public_key = \(publicKey),
                secret_sealed = \(sealed), updated_at = \(now)
            WHERE tenant_id = \(tenant.uuid) AND id = \(id.uuid)
            RETURNING \(unsafeSQL: Self.columns)
            """
        )
        guard let row = rows.first else { throw VouchError.notFound("webhook endpoint") }
        return (try Self.decode(row), secret)
    }

    /// Runs one change to an endpoint and, when it touched the endpoint, its audit row.
    private func audited(_ tenant: TenantID, _ action: String, _ id: WebhookEndpointID, _ change: PostgresQuery) async throws
        -> PostgresRows
    {
        try await database.transaction(tenant) { tx in
            let rows = try tx.query(change)
            if !rows.isEmpty {
                try AuditRepository.record(tx, tenant: tenant, action: action, object: AuditObject(id, type: "webhook_endpoint"))
            }
            return rows
        }
    }

    static func decode(_ row: PostgresRow) throws -> WebhookEndpoint {
        let (id, url, description, types, status) = try row.decode(UUID.self, String.self, String.self, PostgresTextArray.self, String.self)
        return WebhookEndpoint(
            id: WebhookEndpointID(uuid: id),
            url: url,
            description: description,
            eventTypes: types.elements,
            payload: WebhookPayload(rawValue: try row.decode(column: 10)) ?? .full,
            status: WebhookEndpoint.Status(rawValue: status) ?? .disabled,
            disabledReason: try row.decode(column: 5),
            failingSince: try row.decode(column: 6),
            previousSecretExpiresAt: try row.decode(column: 7),
            publicKey: try row.decode(column: 11),
            previousPublicKey: try row.decode(column: 12),
            createdAt: try row.decode(column: 8),
            updatedAt: try row.decode(column: 9)
        )
    }
}
