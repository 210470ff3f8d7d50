import Foundation
import Hummingbird
import VouchCore

/// `/v1/watchlist-entries`: the tenant's own watch list, screened alongside the public lists.
struct WatchlistController {
    let watchlist: WatchlistRepository

    /// 20 names of 200 characters, a note of 1000 and the rest, with room for escapes.
    static let maximumBodyBytes = 64 * 1024

    func addRoutes(to group: RouterGroup<TenantContext>, registry: RouteRegistry) {
        group.on(.post, "/v1/watchlist-entries", requiring: [.watchlistManage], in: registry, use: create)
        group.on(.get, "/v1/watchlist-entries", requiring: [.watchlistManage], in: registry, use: list)
        group.on(.get, "/v1/watchlist-entries/{id}", requiring: [.watchlistManage], in: registry, use: get)
        group.on(.patch, "/v1/watchlist-entries/{id}", requiring: [.watchlistManage], in: registry, use: update)
        group.on(.delete, "/v1/watchlist-entries/{id}", requiring: [.watchlistManage], in: registry, use: delete)
    }

    @Sendable func create(_ request: Request, context: TenantContext) async throws -> Response {
        let fields = try await Self.fields(request)
        guard fields.names != nil else { throw APIError.missingField("names") }
        let entry = try await watchlist.create(tenant: context.tenant, fields: fields)
        return try JSONCoding.response(WatchlistEntryBody(entry), status: .created)
    }

    @Sendable func list(_ request: Request, context: TenantContext) async throws -> Response {
        let page = try Pagination(request.uri.queryParameters)
        let after = try page.cursor(WatchlistEntryID.self, "a watch list entry id")
        let (found, hasMore) = try await watchlist.list(tenant: context.tenant, limit: page.limit, startingAfter: after)
        return try JSONCoding.response(ListBody(data: found.map(WatchlistEntryBody.init), hasMore: hasMore))
    }

    @Sendable func get(_ request: Request, context: TenantContext) async throws -> Response {
        try JSONCoding.response(WatchlistEntryBody(try await watchlist.get(tenant: context.tenant, id: try Self.id(context))))
    }

    @Sendable func update(_ request: Request, context: TenantContext) async throws -> Response {
        let id = try Self.id(context)
        let changes = try await Self.fields(request)
        return try JSONCoding.response(WatchlistEntryBody(try await watchlist.update(tenant: context.tenant, id: id, changes: changes)))
    }

    @Sendable func delete(_ request: Request, context: TenantContext) async throws -> Response {
        let id = try Self.id(context)
        try await watchlist.delete(tenant: context.tenant, id: id)
        return try JSONCoding.response(ConfirmationBody(object: "watchlist_entry", id: id.description, outcome: .deleted))
    }

    /// The body's fields, checked and in their stored form.
    static func fields(_ request: Request) async throws -> WatchlistEntryFields {
        var request = request
        let body = try await request.collectBody(upTo: maximumBodyBytes)
        return try JSONCoding.decode(WatchlistEntryRequest.self, from: body).validated()
    }

    static func id(_ context: TenantContext) throws -> WatchlistEntryID {
        guard let text = context.parameters.get("id"), let id = WatchlistEntryID(text) else { throw APIError.notFound("watch list entry") }
        return id
    }
}
