import Foundation
import Hummingbird
import Verification
import VouchCore

/// `/v1/events`: the event log, newest first, one event, and redelivery of one event; and one
/// applicant's events in sequence order.
struct EventsController {
    let webhooks: WebhookRepository

    func addRoutes(to group: RouterGroup<TenantContext>, registry: RouteRegistry) {
        group.on(.get, "/v1/events", requiring: [.eventsRead], in: registry, use: list)
        group.on(.get, "/v1/events/{id}", requiring: [.eventsRead], in: registry, use: show)
        group.on(.post, "/v1/events/{id}/redeliver", requiring: [.webhooksManage], in: registry, use: redeliver)
        group.on(.get, "/v1/applicants/{id}/events", requiring: [.eventsRead], in: registry, use: applicantEvents)
    }

    @Sendable func list(_ request: Request, context: TenantContext) async throws -> Response {
        let query = request.uri.queryParameters
        let page = try Pagination(query)
        let type = query["type"].map(String.init)
        if let type, EventType(rawValue: type) == nil { throw APIError.invalidField("type", "is not an event type") }
        let after = try page.cursor(EventID.self, "an event id")
        let (events, hasMore) = try await webhooks.events(tenant: context.tenant, type: type, limit: page.limit, startingAfter: after)
        return try JSONCoding.response(ListBody(data: events.map(EventBody.init), hasMore: hasMore))
    }

    @Sendable func show(_ request: Request, context: TenantContext) async throws -> Response {
        guard let text = context.parameters.get("id"), let id = EventID(text),
            let event = try await webhooks.event(tenant: context.tenant, id: id)
        else { throw APIError.notFound("event") }
        return try JSONCoding.response(EventBody(event))
    }

    /// Oldest first, after the event `starting_after` names or after the sequence number
    /// `after_sequence` (what a receiver last applied).
    @Sendable func applicantEvents(_ request: Request, context: TenantContext) async throws -> Response {
        let applicant = try context.applicantID()
        let query = request.uri.queryParameters
        let page = try Pagination(query)
        var cursor = WebhookRepository.ApplicantEventsCursor.afterSequence(0)
        if let text = query["after_sequence"] {
            guard page.startingAfter == nil else {
                throw APIError.invalidField("after_sequence", "cannot be combined with starting_after")
            }
            guard let value = Int(text), value >= 0 else { throw APIError.invalidField("after_sequence", "must be an integer, 0 or more") }
            cursor = .afterSequence(value)
        } else if let event = try page.cursor(EventID.self, "an event id") {
            cursor = .afterEvent(event)
        }
        let (events, hasMore) = try await webhooks.events(
            tenant: context.tenant,
            applicant: applicant,
            from: cursor,
            limit: page.limit
        )
        return try JSONCoding.response(ListBody(data: events.map(EventBody.init), hasMore: hasMore))
    }

    @Sendable func redeliver(_ request: Request, context: TenantContext) async throws -> Response {
        guard let text = context.parameters.get("id"), let id = EventID(text) else { throw APIError.notFound("event") }
        let queued = try await webhooks.redeliver(tenant: context.tenant, event: id)
        return try JSONCoding.response(
            RedeliveryBody(eventID: id.description, deliveriesQueued: queued),
            status: .accepted
        )
    }
}
