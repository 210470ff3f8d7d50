import Foundation
import Hummingbird
import Verification
import VouchCore

/// `/v1/webhook-endpoints`: where a merchant's events are delivered, signed.
struct WebhookEndpointsController {
    let webhooks: WebhookRepository
    let egress: EgressPolicy
    let pinger: WebhookPinger

    func addRoutes(to group: RouterGroup<TenantContext>, registry: RouteRegistry) {
        group.on(.post, "/v1/webhook-endpoints", requiring: [.webhooksManage], in: registry, use: create)
        group.on(.get, "/v1/webhook-endpoints", requiring: [.webhooksManage], in: registry, use: list)
        group.on(.get, "/v1/webhook-endpoints/{id}", requiring: [.webhooksManage], in: registry, use: get)
        group.on(.patch, "/v1/webhook-endpoints/{id}", requiring: [.webhooksManage], in: registry, use: update)
        group.on(.delete, "/v1/webhook-endpoints/{id}", requiring: [.webhooksManage], in: registry, use: delete)
        group.on(.post, "/v1/webhook-endpoints/{id}/rotate-secret", requiring: [.webhooksManage], in: registry, use: rotate)
        group.on(.get, "/v1/webhook-endpoints/{id}/deliveries", requiring: [.webhooksManage], in: registry, use: deliveries)
        group.on(.post, "/v1/webhook-endpoints/{id}/test", requiring: [.webhooksManage], in: registry, use: test)
    }

    struct EndpointRequest: Decodable {
        var url: String?
        var events: [String]?
        var description: String?
        var payload: String?
        var status: String?
        var signing: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case url, events, description, payload, status, signing
        }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            url = try container.decodeIfPresent(String.self, forKey: .url)
            events = try container.decodeIfPresent([String].self, forKey: .events)
            description = try container.decodeIfPresent(String.self, forKey: .description)
            payload = try container.decodeIfPresent(String.self, forKey: .payload)
            status = try container.decodeIfPresent(String.self, forKey: .status)
            signing = try container.decodeIfPresent(String.self, forKey: .signing)
        }
    }

    /// The body `rotate-secret` may carry: the scheme to move to.
    struct RotationRequest: Decodable {
        var signing: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case signing
        }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            signing = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .signing)
        }
    }

    @Sendable func create(_ request: Request, context: TenantContext) async throws -> Response {
        var request = request
        let body = try JSONCoding.decode(EndpointRequest.self, from: try await request.collectBody(upTo: 16 * 1024))
        guard let url = body.url else { throw APIError.missingField("url") }
        guard body.status == nil else { throw APIError.invalidField("status", "is set with PATCH") }
        let signing = try body.signing.map(Self.signing) ?? .hmacSHA256
        try await checkURL(url)
        let (endpoint, secret) = try await webhooks.create(
            tenant: context.tenant,
            url: url,
            description: try Self.description(body.description),
            eventTypes: try Self.eventTypes(body.events ?? ["*"]),
            payload: try body.payload.map(Self.payload) ?? .full,
            signing: signing
        )
        return try JSONCoding.response(WebhookEndpointBody(endpoint, secret: secret), status: .created)
    }

    @Sendable func list(_ request: Request, context: TenantContext) async throws -> Response {
        let page = try Pagination(request.uri.queryParameters)
        let after = try page.cursor(WebhookEndpointID.self, "a webhook endpoint id")
        let (found, hasMore) = try await webhooks.list(tenant: context.tenant, limit: page.limit, startingAfter: after)
        return try JSONCoding.response(ListBody(data: found.map { WebhookEndpointBody($0) }, hasMore: hasMore))
    }

    @Sendable func get(_ request: Request, context: TenantContext) async throws -> Response {
        return try JSONCoding.response(WebhookEndpointBody(try await webhooks.get(tenant: context.tenant, id: try Self.id(context))))
    }

    @Sendable func update(_ request: Request, context: TenantContext) async throws -> Response {
        let id = try Self.id(context)
        var request = request
        let body = try JSONCoding.decode(EndpointRequest.self, from: try await request.collectBody(upTo: 16 * 1024))
        guard body.signing == nil else {
            throw APIError.invalidField("signing", "changes with POST /v1/webhook-endpoints/{id}/rotate-secret")
        }
        if let url = body.url { try await checkURL(url) }
        var changes = WebhookEndpointChanges(url: body.url)
        changes.description = try body.description.map { try Self.description($0) }
        changes.eventTypes = try body.events.map(Self.eventTypes)
        changes.payload = try body.payload.map(Self.payload)
        if let status = body.status {
            guard status == "enabled" || status == "paused" else { throw APIError.invalidField("status", "must be enabled or paused") }
            changes.status = WebhookEndpoint.Status(rawValue: status)
        }
        return try JSONCoding.response(WebhookEndpointBody(try await webhooks.update(tenant: context.tenant, id: id, changes: changes)))
    }

    @Sendable func delete(_ request: Request, context: TenantContext) async throws -> Response {
        let id = try Self.id(context)
        try await webhooks.delete(tenant: context.tenant, id: id)
        return try JSONCoding.response(ConfirmationBody(object: "webhook_endpoint", id: id.description, outcome: .deleted))
    }

    @Sendable func rotate(_ request: Request, context: TenantContext) async throws -> Response {
        let id = try Self.id(context)
        var request = request
        let buffer = try await request.collectBody(upTo: 16 * 1024)
        let body = buffer.readableBytes == 0 ? nil : try JSONCoding.decode(RotationRequest.self, from: buffer)
        let signing = try body?.signing.map(Self.signing)
        let (endpoint, secret) = try await webhooks.rotateSecret(tenant: context.tenant, id: id, signing: signing)
        return try JSONCoding.response(WebhookEndpointBody(endpoint, secret: secret))
    }

    @Sendable func deliveries(_ request: Request, context: TenantContext) async throws -> Response {
        let page = try Pagination(request.uri.queryParameters)
        let found = try await webhooks.deliveries(tenant: context.tenant, endpoint: try Self.id(context), limit: page.limit)
        return try JSONCoding.response(ListBody(data: found.map(WebhookDeliveryBody.init), hasMore: false))
    }

    /// Sends a signed `ping` now and answers how the receiver took it.
    @Sendable func test(_ request: Request, context: TenantContext) async throws -> Response {
        guard let result = try await pinger.ping(tenant: context.tenant, endpoint: try Self.id(context)) else {
            throw APIError.notFound("webhook endpoint")
        }
        return try JSONCoding.response(WebhookTestBody(result, endpoint: try Self.id(context)))
    }

    /// The URL's form, then its addresses: refused at registration as they would be at delivery.
    func checkURL(_ url: String) async throws {
        guard url.utf8.count <= 2048 else { throw APIError.invalidField("url", "must be at most 2048 bytes") }
        do {
            _ = try await egress.check(url)
        } catch let refusal as EgressPolicy.Refusal {
            throw APIError(
                .urlNotAllowed,
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

    static func signing(_ name: String) throws -> WebhookSigning {
        guard let signing = WebhookSigning(rawValue: name) else { throw APIError.invalidField("signing", "must be hmac_sha256 or ed25519") }
        return signing
    }

    static func payload(_ name: String) throws -> WebhookPayload {
        guard let payload = WebhookPayload(rawValue: name) else { throw APIError.invalidField("payload", "must be full or thin") }
        return payload
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
}
