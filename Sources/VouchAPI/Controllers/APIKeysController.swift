import Base
import Foundation
import Hummingbird
import VouchCore

/// `/v1/api-keys`: a merchant admin's keys, with scopes; the secret is shown once.
struct APIKeysController {
    let keys: APIKeyRepository
    let tenants: TenantRepository
    let authenticator: APIKeyAuthenticator

    func addRoutes(to group: RouterGroup<TenantContext>, registry: RouteRegistry) {
        group.on(.post, "/v1/api-keys", requiring: [.keysManage], in: registry, use: create)
        group.on(.get, "/v1/api-keys", requiring: [.keysManage], in: registry, use: list)
        group.on(.delete, "/v1/api-keys/{id}", requiring: [.keysManage], in: registry, use: revoke)
    }

    struct CreateRequest: Decodable {
        var name: String
        var scopes: [String]
        /// `false`: a test key (a live key may create one; a test key only those).
        var livemode: Bool?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, scopes, livemode
        }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            scopes = try container.decode([String].self, forKey: .scopes)
            livemode = try container.decodeIfPresent(Bool.self, forKey: .livemode)
        }
    }

    @Sendable func create(_ request: Request, context: TenantContext) async throws -> Response {
        var request = request
        let body = try JSONCoding.decode(CreateRequest.self, from: try await request.collectBody(upTo: 16 * 1024))
        let name = body.name.trimmingCharacters(in: .whitespacesAndNewlines)
        // Counted as the database counts (code points), so what passes here also fits there.
        guard (1...200).contains(name.unicodeScalars.count) else { throw APIError.invalidField("name", "must be 1 to 200 characters") }
        guard !body.scopes.isEmpty else { throw APIError.invalidField("scopes", "must list at least one scope") }
        var scopes: [Scope] = []
        for text in body.scopes {
            guard let scope = Scope(rawValue: text) else { throw APIError.invalidField("scopes", "lists `\(text)`, which is not a scope") }
            if !scopes.contains(scope) { scopes.append(scope) }
        }
        // A key can hand on only what it holds: no minting of stronger keys.
        for scope in scopes where !context.key.scopes.contains(scope) {
            throw APIError(
                .scopeNotHeld,
                detail: "A key may only create keys with scopes it has itself; this one lacks `\(scope.rawValue)`.",
                field: "scopes"
            )
        }
        let tenant = try await keyTenant(livemode: body.livemode, context: context)
        let issued = try await keys.create(tenant: tenant, name: name, scopes: scopes)
        let summary = APIKeySummary(id: issued.record.id, name: name, scopes: scopes, createdAt: Date(), lastUsedAt: nil, revokedAt: nil)
        return try JSONCoding.response(APIKeyBody(summary, secret: issued.secret, livemode: tenant.livemode), status: .created)
    }

    /// The tenant a new key belongs to: the caller's own, or a live tenant's test-mode twin
    /// (opened on first use). A test key never creates a live key.
    func keyTenant(livemode: Bool?, context: TenantContext) async throws -> TenantID {
        switch (livemode, context.tenant.isTestMode) {
        case (nil, _), (true, false), (false, true): return context.tenant
        case (true, true):
            throw APIError(.liveModeNotHeld, detail: "A test key cannot create a live key.", field: "livemode")
        case (false, false):
            try await tenants.openTestMode(for: context.tenant)
            return context.tenant.testMode
        }
    }

    @Sendable func list(_ request: Request, context: TenantContext) async throws -> Response {
        let page = try Pagination(request.uri.queryParameters)
        let after = try page.cursor(APIKeyID.self, "an API key id")
        let (found, hasMore) = try await keys.list(tenant: context.tenant, limit: page.limit, startingAfter: after)
        return try JSONCoding.response(ListBody(data: found.map { APIKeyBody($0) }, hasMore: hasMore))
    }

    @Sendable func revoke(_ request: Request, context: TenantContext) async throws -> Response {
        guard let text = context.parameters.get("id"), let id = APIKeyID(text),
            try await authenticator.revoke(tenant: context.tenant, key: id)
        else { throw APIError.notFound("active API key") }
        return try JSONCoding.response(ConfirmationBody(object: "api_key", id: id.description, outcome: .revoked))
    }
}
