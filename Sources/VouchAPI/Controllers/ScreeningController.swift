import Base
import Foundation
import Hummingbird
import VouchCore

/// `/v1/applicants/{id}/screenings` and `/v1/applicants/{id}/screening-clearances`: screening an
/// applicant again, and reviewers clearing candidates that are not the applicant.
struct ScreeningController {
    let screening: ScreeningRepository

    func addRoutes(to group: RouterGroup<TenantContext>, registry: RouteRegistry) {
        group.on(.post, "/v1/applicants/{id}/screenings", requiring: [.applicantsWrite], in: registry, use: rescreen)
        group.on(.post, "/v1/applicants/{id}/screening-clearances", requiring: [.reviewsManage], in: registry, use: clear)
        group.on(.get, "/v1/applicants/{id}/screening-clearances", requiring: [.reviewsManage], in: registry, use: list)
    }

    @Sendable func rescreen(_ request: Request, context: TenantContext) async throws -> Response {
        let applicant = try context.applicantID()
        try await screening.rescreen(tenant: context.tenant, applicant: applicant)
        return try JSONCoding.response(ScreeningRequestBody(applicantID: applicant.description), status: .accepted)
    }

    struct ClearanceRequest: Decodable {
        var candidateID: String
        var reason: String

        enum CodingKeys: String, CodingKey, CaseIterable {
            case candidateID = "candidate_id"
            case reason
        }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            candidateID = try container.decode(String.self, forKey: .candidateID)
            reason = try container.decode(String.self, forKey: .reason)
        }
    }

    @Sendable func clear(_ request: Request, context: TenantContext) async throws -> Response {
        let applicant = try context.applicantID()
        var request = request
        let body = try JSONCoding.decode(ClearanceRequest.self, from: try await request.collectBody(upTo: 16 * 1024))
        guard (1...200).contains(body.candidateID.count) else {
            throw APIError.invalidField("candidate_id", "must be a candidate's id, 1 to 200 characters")
        }
        let reason = body.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...1000).contains(reason.count) else {
            throw APIError.invalidField("reason", "must say why, in 1 to 1000 characters")
        }
        let clearance = try await screening.clear(tenant: context.tenant, applicant: applicant, candidate: body.candidateID, reason: reason)
        return try JSONCoding.response(ScreeningClearanceBody(clearance), status: .created)
    }

    @Sendable func list(_ request: Request, context: TenantContext) async throws -> Response {
        let clearances = try await screening.list(tenant: context.tenant, applicant: try context.applicantID())
        return try JSONCoding.response(ListBody(data: clearances.map(ScreeningClearanceBody.init), hasMore: false))
    }
}
