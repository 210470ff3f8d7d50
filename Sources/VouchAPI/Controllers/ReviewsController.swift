import Base
import Foundation
import Hummingbird
import VouchCore

/// `/v1/reviews`: the manual review queue, one case, and reviewers' decisions.
struct ReviewsController {
    let reviews: ReviewRepository

    func addRoutes(to group: RouterGroup<TenantContext>, registry: RouteRegistry) {
        group.on(.get, "/v1/reviews", requiring: [.reviewsManage], in: registry, use: list)
        group.on(.get, "/v1/reviews/{id}", requiring: [.reviewsManage], in: registry, use: show)
        group.on(.post, "/v1/reviews/{id}/decision", requiring: [.reviewsManage], in: registry, use: decide)
    }

    @Sendable func list(_ request: Request, context: TenantContext) async throws -> Response {
        let query = request.uri.queryParameters
        let page = try Pagination(query)
        let status = query["status"].map(String.init)
        if let status, status != "open" && status != "closed" {
            throw APIError.invalidField("status", "must be open or closed")
        }
        let startingAfter = try page.cursor(ReviewID.self, "a review id")
        let (found, hasMore) = try await reviews.list(
            tenant: context.tenant,
            status: status,
            limit: page.limit,
            startingAfter: startingAfter
        )
        return try JSONCoding.response(ListBody(data: found.map(ReviewBody.init), hasMore: hasMore))
    }

    @Sendable func show(_ request: Request, context: TenantContext) async throws -> Response {
        guard let text = context.parameters.get("id"), let id = ReviewID(text),
            let review = try await reviews.review(tenant: context.tenant, id: id)
        else { throw APIError.notFound("review") }
        return try JSONCoding.response(ReviewBody(review))
    }

    struct DecisionRequest: Decodable {
        var decision: String
        var reason: String

        enum CodingKeys: String, CodingKey, CaseIterable {
            case decision, reason
        }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            decision = try container.decode(String.self, forKey: .decision)
            reason = try container.decode(String.self, forKey: .reason)
        }
    }

    @Sendable func decide(_ request: Request, context: TenantContext) async throws -> Response {
        guard let text = context.parameters.get("id"), let id = ReviewID(text) else { throw APIError.notFound("review") }
        var request = request
        let body = try JSONCoding.decode(DecisionRequest.self, from: try await request.collectBody(upTo: 16 * 1024))
        guard body.decision == "approve" || body.decision == "reject" else {
            throw APIError.invalidField("decision", "must be approve or reject")
        }
        let reason = body.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...1000).contains(reason.count) else {
            throw APIError.invalidField("reason", "must say why, in 1 to 1000 characters")
        }
        let review = try await reviews.decide(
            tenant: context.tenant,
            id: id,
            approve: body.decision == "approve",
            reason: reason,
            by: context.key.keyID
        )
        return try JSONCoding.response(ReviewBody(review))
    }
}
