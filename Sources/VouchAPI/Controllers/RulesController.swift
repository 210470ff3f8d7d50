import Base
import Foundation
import Hummingbird
import Verification
import VouchCore

/// `/v1/rules`: the tenant's rule set, its versions, and simulating a draft.
struct RulesController {
    let rules: RuleSetRepository
    let simulator: RuleSimulator

    /// Rule sets are small; a megabyte of rules is a mistake or an attack.
    static let maximumBodyBytes = 256 * 1024

    func addRoutes(to group: RouterGroup<TenantContext>, registry: RouteRegistry) {
        group.on(.get, "/v1/rules", requiring: [.rulesRead], in: registry, use: get)
        group.on(.put, "/v1/rules", requiring: [.rulesManage], in: registry, use: put)
        group.on(.get, "/v1/rules/versions", requiring: [.rulesRead], in: registry, use: versions)
        group.on(
            .post,
            "/v1/rules/simulate",
            requiring: [.rulesRead, .applicantsRead],
            replaysIdempotently: false,
            in: registry,
            use: simulate
        )
    }

    @Sendable func get(_ request: Request, context: TenantContext) async throws -> Response {
        return try JSONCoding.response(RuleSetBody(try await rules.current(tenant: context.tenant)))
    }

    @Sendable func put(_ request: Request, context: TenantContext) async throws -> Response {
        let body = try await Self.jsonBody(request)
        let saved = try await rules.save(tenant: context.tenant, body: body, by: context.key.keyID)
        return try JSONCoding.response(RuleSetBody(saved))
    }

    @Sendable func versions(_ request: Request, context: TenantContext) async throws -> Response {
        let stored = try await rules.versions(tenant: context.tenant)
        return try JSONCoding.response(ListBody(data: stored.map(RuleSetBody.init), hasMore: false))
    }

    /// Decides the most recently decided applicants again under a draft, without saving it, and
    /// lists those whose verdict would change. It answers with applicant ids and verdicts, hence
    /// `applicants:read` as well; one runs per tenant at a time (409 `simulation_in_progress`).
    /// One simulation per tenant at a time, refused before its body is read; reading and
    /// checking a draft of many rules is heavy too, so all of it runs on the background executor.
    @Sendable func simulate(_ request: Request, context: TenantContext) async throws -> Response {
        let (simulator, tenant) = (simulator, context.tenant)
        let result = try await simulator.oneAtATime(tenant) {
            try await withTaskExecutorPreference(BackgroundExecutor.shared) {
                let draft = try SimulationRequest(try await Self.jsonBody(request))
                return try await simulator.replayRecent(tenant: tenant, rules: draft.rules, limit: draft.limit)
            }
        }
        return try JSONCoding.response(RuleSimulationBody(result))
    }

    static func jsonBody(_ request: Request) async throws -> JSONValue {
        var request = request
        let buffer = try await request.collectBody(upTo: maximumBodyBytes)
        guard buffer.readableBytes > 0 else { throw APIError.emptyBody }
        do {
            return try JSONValue(parsing: Data(buffer.readableBytesView))
        } catch {
            throw APIError.malformedJSON
        }
    }
}

/// `{rules: {…draft…}, limit?: 1…1000}`.
struct SimulationRequest {
    var rules: RuleSet
    var limit = 200

    init(_ body: JSONValue) throws {
        guard case .object(let fields) = body else { throw APIError.invalidField("rules", "the body must be an object") }
        for key in fields.keys where key != "rules" && key != "limit" {
            throw APIError.unknownField(key, "is not a field of this request")
        }
        guard let draft = fields["rules"] else {
            throw APIError.missingField("rules")
        }
        if let limit = fields["limit"] {
            guard case .number(let value) = limit, value.rounded() == value, (1...1000).contains(value) else {
                throw APIError.invalidField("limit", "must be an integer from 1 to 1000")
            }
            self.limit = Int(value)
        }
        do {
            rules = try RuleSet(json: draft)
        } catch {
            // Paths are given from the draft's root, as for PUT /v1/rules.
            throw APIError.from(VouchError.invalidRuleSet(error.issues))
        }
    }
}
