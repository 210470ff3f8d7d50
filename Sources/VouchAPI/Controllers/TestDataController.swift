import Hummingbird
import VouchCore

/// `DELETE /v1/test-data`: wipes the tenant's test-mode applicants and all they left, from a
/// test key or a live one (which names its test mode); keys, webhook endpoints, rules and the
/// watch list stay.
struct TestDataController {
    let tenants: TenantRepository

    func addRoutes(to group: RouterGroup<TenantContext>, registry: RouteRegistry) {
        group.on(.delete, "/v1/test-data", requiring: [.applicantsWrite], in: registry, use: delete)
    }

    struct DeletionBody: Encodable {
        var object = "test_data_deletion"
        var livemode = Livemode(false)
        /// Rows deleted, per kind of thing.
        var deleted: [String: Int]
    }

    @Sendable func delete(_ request: Request, context: TenantContext) async throws -> Response {
        let twin = context.tenant.isTestMode ? context.tenant : context.tenant.testMode
        let deleted = try await tenants.deleteTestData(of: twin)
        return try JSONCoding.response(DeletionBody(deleted: deleted))
    }
}
