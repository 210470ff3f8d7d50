import Base
import Foundation
import Hummingbird
import VouchCore

/// `GET /v1/usage?from=&to=`: the merchant's billable usage, counted by kind and day (UTC).
struct UsageController {
    let usage: UsageRepository

    func addRoutes(to group: RouterGroup<TenantContext>, registry: RouteRegistry) {
        group.on(.get, "/v1/usage", requiring: [.billingRead], in: registry, use: list)
    }

    @Sendable func list(_ request: Request, context: TenantContext) async throws -> Response {
        let query = request.uri.queryParameters
        let today = CivilDate(unixSeconds: Date().timeIntervalSince1970)
        let from = try Self.day(query["from"].map(String.init), field: "from") ?? CivilDate(year: today.year, month: today.month, day: 1)!
        let to = try Self.day(query["to"].map(String.init), field: "to") ?? today
        guard from <= to else { throw APIError.invalidField("to", "must not be before `from`") }
        guard to.daysSinceEpoch - from.daysSinceEpoch < 366 else { throw APIError.invalidField("to", "must be within 366 days of `from`") }
        let start = Date(timeIntervalSince1970: Double(from.daysSinceEpoch) * 86400)
        let end = Date(timeIntervalSince1970: Double(to.daysSinceEpoch + 1) * 86400)
        let days = try await usage.byDay(tenant: context.tenant, from: start, to: end)
        return try JSONCoding.response(UsageBody(from: from.description, to: to.description, days: days))
    }

    static func day(_ text: String?, field: String) throws -> CivilDate? {
        guard let text else { return nil }
        guard let day = CivilDate(text) else { throw APIError.invalidField(field, "must be a date, YYYY-MM-DD") }
        return day
    }
}
