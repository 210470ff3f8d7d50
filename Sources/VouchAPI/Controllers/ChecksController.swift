import Base
import Foundation
import Hummingbird
import VouchCore

/// `GET /v1/applicants/{id}/checks`: every document check, every applicant-level check and
/// decision, with the rule trace.
struct ChecksController {
    let checks: ApplicantCheckRepository

    func addRoutes(to group: RouterGroup<TenantContext>, registry: RouteRegistry) {
        group.on(.get, "/v1/applicants/{id}/checks", requiring: [.applicantsRead], in: registry, use: get)
    }

    @Sendable func get(_ request: Request, context: TenantContext) async throws -> Response {
        guard let report = try await checks.report(tenant: context.tenant, applicant: try context.applicantID()) else {
            throw APIError.notFound("applicant")
        }
        return try JSONCoding.response(ApplicantChecksBody(report))
    }
}
