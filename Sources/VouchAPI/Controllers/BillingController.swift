import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import VouchCore

/// `GET /v1/billing/export?period=YYYY-MM&format=csv|json`: the merchant's own bill for a month,
/// the same lines the operator's `vouch billing export` gives for it.
struct BillingController {
    let database: TenantDatabase

    func addRoutes(to group: RouterGroup<TenantContext>, registry: RouteRegistry) {
        group.on(.get, "/v1/billing/export", requiring: [.billingRead], in: registry, use: export)
    }

    @Sendable func export(_ request: Request, context: TenantContext) async throws -> Response {
        let query = request.uri.queryParameters
        guard let text = query["period"].map(String.init) else { throw APIError.missingField("period") }
        let period = try Self.period(text)
        let format = query["format"].map(String.init) ?? "json"
        guard format == "json" || format == "csv" else { throw APIError.invalidField("format", "must be csv or json") }
        let lines = try await BillingExport.tenant(context.tenant, database: database, period: period)
        if format == "csv" {
            var headers: HTTPFields = [.contentType: "text/csv; charset=utf-8"]
            headers[.contentDisposition] = "attachment; filename=\"vouch-\(period).csv\""
            return Response(
                status: .ok,
                headers: headers,
                body: .init(byteBuffer: ByteBuffer(string: BillingExport.csv(lines, period: period)))
            )
        }
        return try JSONCoding.response(BillingExport.json(lines, period: period))
    }

    /// A month that has begun: `YYYY-MM`, not in the future.
    static func period(_ text: String, now: Date = Date()) throws -> BillingPeriod {
        guard let period = BillingPeriod(text) else { throw APIError.invalidField("period", "must be a month, YYYY-MM") }
        guard period.hasStarted(now: now) else { throw APIError.invalidField("period", "is in the future") }
        return period
    }
}
