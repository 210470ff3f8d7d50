import Base
import Foundation
import Hummingbird
import VouchCore

/// `GET /v1/audit-events`: who did what to which object, newest first, with each row's place in
/// the tenant's hash chain so a merchant can keep the head and check it later.
struct AuditController {
    let log: AuditRepository

    func addRoutes(to group: RouterGroup<TenantContext>, registry: RouteRegistry) {
        group.on(.get, "/v1/audit-events", requiring: [.auditRead], in: registry, use: list)
    }

    @Sendable func list(_ request: Request, context: TenantContext) async throws -> Response {
        let query = request.uri.queryParameters
        let page = try Pagination(query)
        let objectID = try Self.filter(query["object_id"], name: "object_id")
        let action = try Self.filter(query["action"], name: "action")
        let (events, hasMore) = try await log.events(
            tenant: context.tenant,
            objectID: objectID,
            action: action,
            limit: page.limit,
            startingAfter: try page.cursor(AuditEventID.self, "an audit event id")
        )
        return try JSONCoding.response(ListBody(data: events.map(AuditEventBody.init), hasMore: hasMore))
    }

    static func filter(_ value: Substring?, name: String) throws -> String? {
        guard let value else { return nil }
        guard (1...100).contains(value.count) else { throw APIError.invalidField(name, "must be 1 to 100 characters") }
        return String(value)
    }
}
