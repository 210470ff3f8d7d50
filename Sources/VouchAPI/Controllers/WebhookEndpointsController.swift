import Base
import Foundation
import Hummingbird
import VouchCore

/// `/v1/webhook-endpoints`: where a merchant's events are delivered, signed.
struct WebhookEndpointsController {
    let webhooks: WebhookRepository
    let egress: EgressPolicy

    func addRoutes(to group: RouterGroup<TenantContext>, registry: RouteRegistry) {
        group.on(.post, "/v1/webhook-endpoints", requiring: [.webhooksManage], in: registry, use: create)
        group.on(.get, "/v1/webhook-endpoints", requiring: [.webhooksManage], in: registry, use: list)
        group.on(.get, "/v1/webhook-endpoints/{id}", requiring: [.webhooksManage], in: registry, use: get)
        group.on(.patch, "/v1/webhook-endpoints/{id}", requiring: [.webhooksManage], in: registry, use: update)
        group.on(.delete, "/v1/webhook-endpoints/{id}", requiring: [.webhooksManage], in: registry, use: delete)
        group.on(.post, "/v1/webhook-endpoints/{id}/rotate-secret", requiring: [.webhooksManage], in: registry, use: rotate)
        group.on(.get, "/v1/webhook-endpoints/{id}/deliveries", requiring: [.webhooksManage], in: registry, use: deliveries)
    }

    struct EndpointRequest: Decodable {
        var url: String?
        var events: [String]?
        var description: String?
        var status: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case url, events, description, status
        }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            url = try container.decodeIfPresent(String.self, forKey: .url)
            events = try container.decodeIfPresent([String].self, forKey: .events)
            description = try container.decodeIfPresent(String.self, forKey: .description)
            status = try container.decodeIfPresent(String.self, forKey: .status)
        }
    }

    @Sendable func create(_ request: Request, context: TenantContext) async throws -> Response {
        var request = request
        let body = try JSONCoding.decode(EndpointRequest.self, from: try await request.collectBody(upTo: 16 * 1024))
        guard let url = body.url else { throw APIError.missingField("url") }
        guard body.status == nil else { throw APIError.invalidField("status", "is set with PATCH") }
        try await checkURL(url)
        let (endpoint, secret) = try await webhooks.create(
            tenant: context.tenant,
            url: url,
            description: try Self.description(body.description),
            eventTypes: try Self.eventTypes(body.events ?? ["*"])
        )
        return try JSONCoding.response(Self.json(endpoint, secret: secret), status: .created)
    }

    @Sendable func list(_ request: Request, context: TenantContext) async throws -> Response {
        let page = try Pagination(request.uri.queryParameters)
        let after = try page.cursor(WebhookEndpointID.self, "a webhook endpoint id")
        let (found, hasMore) = try await webhooks.list(tenant: context.tenant, limit: page.limit, startingAfter: after)
        return try JSONCoding.response(
            JSONValue.object(["object": "list", "data": .array(found.map { Self.json($0) }), "has_more": .bool(hasMore)])
        )
    }

    @Sendable func get(_ request: Request, context: TenantContext) async throws -> Response {
        return try JSONCoding.response(Self.json(try await webhooks.get(tenant: context.tenant, id: try Self.id(context))))
    }

    @Sendable func update(_ request: Request, context: TenantContext) async throws -> Response {
        let id = try Self.id(context)
        var request = request
        let body = try JSONCoding.decode(EndpointRequest.self, from: try await request.collectBody(upTo: 16 * 1024))
        if let url = body.url { try await checkURL(url) }
        var changes = WebhookEndpointChanges(url: body.url)
        changes.description = try body.description.map { try Self.description($0) }
        changes.eventTypes = try body.events.map(Self.eventTypes)
        if let status = body.status {
            guard status == "enabled" || status == "paused" else { throw APIError.invalidField("status", "must be enabled or paused") }
            changes.status = WebhookEndpoint.Status(rawValue: status)
        }
        return try JSONCoding.response(Self.json(try await webhooks.update(tenant: context.tenant, id: id, changes: changes)))
    }

    @Sendable func delete(_ request: Request, context: TenantContext) async throws -> Response {
        let id = try Self.id(context)
        try await webhooks.delete(tenant: context.tenant, id: id)
        return try JSONCoding.response(JSONValue.object(["object": "webhook_endpoint", "id": .string(id.description), "deleted": true]))
    }

    @Sendable func rotate(_ request: Request, context: TenantContext) async throws -> Response {
        let (endpoint, secret) = try await webhooks.rotateSecret(tenant: context.tenant, id: try Self.id(context))
        return try JSONCoding.response(Self.json(endpoint, secret: secret))
    }

    @Sendable func deliveries(_ request: Request, context: TenantContext) async throws -> Response {
        let page = try Pagination(request.uri.queryParameters)
        let found = try await webhooks.deliveries(tenant: context.tenant, endpoint: try Self.id(context), limit: page.limit)
        return try JSONCoding.response(JSONValue.object(["object": "list", "data": .array(found.map(Self.json)), "has_more": false]))
    }

    /// The URL's form, then its addresses: refused at registration as they would be at delivery.
    func checkURL(_ url: String) async throws {
        guard url.utf8.count <= 2048 else { throw APIError.invalidField("url", "must be at most 2048 bytes") }
        do {
            _ = try await egress.check(url)
        } catch let refusal as EgressPolicy.Refusal {
            throw APIError(
                .unprocessableContent,
                code: "url_not_allowed",
                title: "URL not allowed",
                detail: "`url`: \(refusal).",
                field: "url"
            )
        }
    }

    static func id(_ context: TenantContext) throws -> WebhookEndpointID {
        guard let text = context.parameters.get("id"), let id = WebhookEndpointID(text) else { throw APIError.notFound("webhook endpoint") }
        return id
    }

    static func description(_ text: String?) throws -> String {
        let value = text ?? ""
        guard value.count <= 500 else { throw APIError.invalidField("description", "must be at most 500 characters") }
        return value
    }

    /// `["*"]` (or nothing) means every type, stored as an empty list.
    static func eventTypes(_ names: [String]) throws -> [String] {
        if names == ["*"] { return [] }
        guard !names.isEmpty else { throw APIError.invalidField("events", "must list event types, or be [\"*\"] for all") }
        for name in names where EventType(rawValue: name) == nil {
            throw APIError.invalidField("events", "lists `\(name)`, which is not an event type")
        }
        return Array(Set(names)).sorted()
    }

    static func json(_ endpoint: WebhookEndpoint, secret: String? = nil) -> JSONValue {
        var object: [String: JSONValue] = [
            "object": "webhook_endpoint",
            "id": .string(endpoint.id.description),
            "url": .string(endpoint.url),
            "description": .string(endpoint.description),
            "events": .array((endpoint.eventTypes.isEmpty ? ["*"] : endpoint.eventTypes).map(JSONValue.string)),
            "status": .string(endpoint.status.rawValue),
            "disabled_reason": endpoint.disabledReason.map(JSONValue.string) ?? .null,
            "failing_since": endpoint.failingSince.map { .string($0.rfc3339) } ?? .null,
            "previous_secret_expires_at": endpoint.previousSecretExpiresAt.map { .string($0.rfc3339) } ?? .null,
            "created_at": .string(endpoint.createdAt.rfc3339),
            "updated_at": .string(endpoint.updatedAt.rfc3339),
        ]
        if let secret { object["secret"] = .string(secret) }
        return .object(object)
    }

    static func json(_ delivery: WebhookDeliveryRecord) -> JSONValue {
        .object([
            "object": "webhook_delivery",
            "id": .string(delivery.id.description),
            "event_id": .string(delivery.eventID.description),
            "event_type": .string(delivery.eventType),
            "state": .string(delivery.state),
            "next_attempt_at": delivery.nextAttemptAt.map { .string($0.rfc3339) } ?? .null,
            "created_at": .string(delivery.createdAt.rfc3339),
            "delivered_at": delivery.deliveredAt.map { .string($0.rfc3339) } ?? .null,
            "attempts": .array(
                delivery.attempts.map { attempt in
                    .object([
                        "attempted_at": .string(attempt.attemptedAt.rfc3339),
                        "status_code": attempt.statusCode.map { .number(Double($0)) } ?? .null,
                        "latency_ms": .number(Double(attempt.latencyMilliseconds)),
                        "error": attempt.error.map(JSONValue.string) ?? .null,
                        "response_body": attempt.responseBody.map(JSONValue.string) ?? .null,
                    ])
                }
            ),
        ])
    }
}
