import Base
import Foundation
import Hummingbird
import VouchCore

/// `/v1/reviews`: the manual review queue, one case, its assignment and notes, and reviewers'
/// decisions.
struct ReviewsController {
    let reviews: ReviewRepository

    func addRoutes(to group: RouterGroup<TenantContext>, registry: RouteRegistry) {
        group.on(.get, "/v1/reviews", requiring: [.reviewsManage], in: registry, use: list)
        group.on(.get, "/v1/reviews/{id}", requiring: [.reviewsManage], in: registry, use: show)
        group.on(.post, "/v1/reviews/{id}/assignment", requiring: [.reviewsManage], in: registry, use: assign)
        group.on(.post, "/v1/reviews/{id}/notes", requiring: [.reviewsManage], in: registry, use: addNote)
        group.on(.post, "/v1/applicants/{id}/reopen", requiring: [.reviewsManage], in: registry, use: reopen)
        group.on(.post, "/v1/reviews/{id}/decision", requiring: [.reviewsManage], in: registry, use: decide)
    }

    @Sendable func list(_ request: Request, context: TenantContext) async throws -> Response {
        let query = request.uri.queryParameters
        let page = try Pagination(query)
        let status = query["status"].map(String.init)
        if let status, status != "open" && status != "closed" {
            throw APIError.invalidField("status", "must be open or closed")
        }
        let assignee = try query["assignee"].map { try Self.name(String($0), field: "assignee") }
        let startingAfter = try page.cursor(ReviewID.self, "a review id")
        let (found, hasMore) = try await reviews.list(
            tenant: context.tenant,
            status: status,
            assignee: assignee,
            limit: page.limit,
            startingAfter: startingAfter
        )
        return try JSONCoding.response(ListBody(data: found.map { ReviewBody($0) }, hasMore: hasMore))
    }

    @Sendable func show(_ request: Request, context: TenantContext) async throws -> Response {
        guard let review = try await reviews.review(tenant: context.tenant, id: try Self.id(context)) else {
            throw APIError.notFound("review")
        }
        return try JSONCoding.response(ReviewBody(review, withNotes: true))
    }

    struct AssignmentRequest: Decodable {
        /// The reviewer's name in the merchant's own terms; null unassigns.
        var assignee: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case assignee
        }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            guard container.contains(.assignee) else {
                throw DecodingError.keyNotFound(CodingKeys.assignee, .init(codingPath: [], debugDescription: "assignee is required"))
            }
            assignee = try container.decodeIfPresent(String.self, forKey: .assignee)
        }
    }

    @Sendable func assign(_ request: Request, context: TenantContext) async throws -> Response {
        let id = try Self.id(context)
        var request = request
        let body = try JSONCoding.decode(AssignmentRequest.self, from: try await request.collectBody(upTo: 16 * 1024))
        let assignee = try body.assignee.map { try Self.name($0, field: "assignee") }
        guard let review = try await reviews.assign(tenant: context.tenant, id: id, to: assignee) else {
            throw APIError.notFound("review")
        }
        return try JSONCoding.response(ReviewBody(review, withNotes: true))
    }

    struct NoteRequest: Decodable {
        var body: String
        var author: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case body, author
        }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            body = try container.decode(String.self, forKey: .body)
            author = try container.decodeIfPresent(String.self, forKey: .author)
        }
    }

    @Sendable func addNote(_ request: Request, context: TenantContext) async throws -> Response {
        let id = try Self.id(context)
        var request = request
        let body = try JSONCoding.decode(NoteRequest.self, from: try await request.collectBody(upTo: 16 * 1024))
        let text = try Self.text(body.body, field: "body", maximum: 4000)
        let author = try body.author.map { try Self.name($0, field: "author") }
        guard let note = try await reviews.addNote(tenant: context.tenant, review: id, body: text, author: author, by: context.key.keyID)
        else { throw APIError.notFound("review") }
        return try JSONCoding.response(ReviewNoteBody(note), status: .created)
    }

    struct ReopenRequest: Decodable {
        var reason: String

        enum CodingKeys: String, CodingKey, CaseIterable {
            case reason
        }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            reason = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .reason)
        }
    }

    /// Sends a rejected applicant back to review, with a new case whose first note is why.
    @Sendable func reopen(_ request: Request, context: TenantContext) async throws -> Response {
        let applicant = try context.applicantID()
        var request = request
        let body = try JSONCoding.decode(ReopenRequest.self, from: try await request.collectBody(upTo: 16 * 1024))
        let reason = try Self.reason(body.reason)
        guard let review = try await reviews.reopen(tenant: context.tenant, applicant: applicant, reason: reason, by: context.key.keyID)
        else { throw APIError.notFound("applicant") }
        return try JSONCoding.response(ReviewBody(review, withNotes: true), status: .created)
    }

    static func id(_ context: TenantContext) throws -> ReviewID {
        guard let text = context.parameters.get("id"), let id = ReviewID(text) else { throw APIError.notFound("review") }
        return id
    }

    /// Text a reviewer writes, trimmed: 1 to `maximum` characters (counted as the database
    /// counts them, so what passes here fits there).
    static func text(_ text: String, field: String, maximum: Int, saying rule: String? = nil) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...maximum).contains(trimmed.unicodeScalars.count) else {
            throw APIError.invalidField(field, rule ?? "must be 1 to \(maximum) characters")
        }
        return trimmed
    }

    /// A person's name as the merchant gives it.
    static func name(_ text: String, field: String) throws -> String {
        try Self.text(text, field: field, maximum: 200)
    }

    /// Why a reviewer decided or reopened.
    static func reason(_ text: String) throws -> String {
        try Self.text(text, field: "reason", maximum: 1000, saying: "must say why, in 1 to 1000 characters")
    }

    struct DecisionRequest: Decodable {
        var decision: String
        var reason: String
        /// `reject_document`: which document, and the reasons the end user is shown.
        var documentID: String?
        var rejectionReasons: [String]?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case decision, reason
            case documentID = "document_id"
            case rejectionReasons = "rejection_reasons"
        }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            decision = try container.decode(String.self, forKey: .decision)
            reason = try container.decode(String.self, forKey: .reason)
            documentID = try container.decodeIfPresent(String.self, forKey: .documentID)
            rejectionReasons = try container.decodeIfPresent([String].self, forKey: .rejectionReasons)
        }
    }

    /// `approve`, `reject`, or `reject_document`: one document rejected with reasons, for the
    /// end user to upload again.
    @Sendable func decide(_ request: Request, context: TenantContext) async throws -> Response {
        let id = try Self.id(context)
        var request = request
        let body = try JSONCoding.decode(DecisionRequest.self, from: try await request.collectBody(upTo: 16 * 1024))
        let reason = try Self.reason(body.reason)
        let review: Review
        switch body.decision {
        case "approve", "reject":
            review = try await reviews.decide(
                tenant: context.tenant,
                id: id,
                approve: body.decision == "approve",
                reason: reason,
                by: context.key.keyID
            )
        case "reject_document":
            guard let text = body.documentID else { throw APIError.missingField("document_id") }
            guard let document = DocumentID(text) else { throw APIError.invalidField("document_id", "is not a document id") }
            review = try await reviews.rejectDocument(
                tenant: context.tenant,
                id: id,
                document: document,
                reasons: try Self.rejectionReasons(body.rejectionReasons),
                reason: reason,
                by: context.key.keyID
            )
        default: throw APIError.invalidField("decision", "must be approve, reject or reject_document")
        }
        return try JSONCoding.response(ReviewBody(review))
    }

    /// The reasons a reviewer rejects a document for: 1 to 10 codes in snake_case, as the checks
    /// give them (`image_blurry` asks for a retake).
    static func rejectionReasons(_ reasons: [String]?) throws -> [String] {
        guard let reasons else { throw APIError.missingField("rejection_reasons") }
        let valid = reasons.allSatisfy { reason in
            (1...64).contains(reason.utf8.count) && reason.utf8.first.map { (97...122).contains($0) } == true
                && reason.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 95 }
        }
        guard (1...10).contains(reasons.count), valid else {
            throw APIError.invalidField("rejection_reasons", "must list 1 to 10 snake_case reason codes")
        }
        return reasons
    }
}
