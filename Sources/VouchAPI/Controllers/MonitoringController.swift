import Foundation
import Hummingbird
import VouchCore

/// `/v1/monitoring-runs`: the record of ongoing monitoring, for the compliance officers who
/// answer for it — which list version each run screened against, when, and how many
/// applicants and candidates it had.
struct MonitoringController {
    let monitoring: MonitoringRepository

    func addRoutes(to group: RouterGroup<TenantContext>, registry: RouteRegistry) {
        group.on(.get, "/v1/monitoring-runs", requiring: [.reviewsManage], in: registry, use: list)
        group.on(.get, "/v1/monitoring-runs/{id}", requiring: [.reviewsManage], in: registry, use: get)
    }

    @Sendable func list(_ request: Request, context: TenantContext) async throws -> Response {
        let page = try Pagination(request.uri.queryParameters)
        let after = try page.cursor(MonitoringRunID.self, "a monitoring run id")
        let (runs, hasMore) = try await monitoring.list(tenant: context.tenant, limit: page.limit, startingAfter: after)
        return try JSONCoding.response(ListBody(data: runs.map(MonitoringRunBody.init), hasMore: hasMore))
    }

    @Sendable func get(_ request: Request, context: TenantContext) async throws -> Response {
        guard let text = context.parameters.get("id"), let id = MonitoringRunID(text) else { throw APIError.notFound("monitoring run") }
        return try JSONCoding.response(MonitoringRunBody(try await monitoring.get(tenant: context.tenant, id: id)))
    }
}
