import Foundation
import HummingbirdTesting
import Testing
import Verification
import VouchAPI

@testable import VouchCore

@Suite("POST /v1/rules/simulate")
struct RulesSimulationTests {
    static func simulate(_ client: some TestClientProtocol, _ body: String, key: String) async throws -> TestResponse {
        try await client.send(.post, "/v1/rules/simulate", key: key, json: body)
    }

    @Test("a stricter draft lists the decisions it would change, and saves nothing")
    func draftListsChanges() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            var applicants: Set<String> = []
            for variant in 1...3 { applicants.insert(try await app.verifiedApplicant(client, variant: variant)) }

            let response = try await Self.simulate(client, #"{"rules": {"minimum_age": 99}}"#, key: key)
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let body = try response.json()
            #expect(body["object"] as? String == "rule_simulation")
            #expect(body["evaluated"] as? Int == 3)
            #expect(body["complete"] as? Bool == true)
            #expect(body["changed_count"] as? Int == 3)
            #expect((body["verdicts"] as? [String: Any])?["rejected"] as? Int == 3)
            let changed = body["changed"] as? [[String: Any]] ?? []
            #expect(Set(changed.compactMap { $0["applicant_id"] as? String }) == applicants)
            for change in changed {
                #expect(change["current"] as? String == "verified")
                #expect(change["simulated"] as? String == "rejected")
                #expect(change["reasons"] as? [String] == ["underage"])
                #expect(change["decided_by"] as? String == "settings.minimum_age")
            }

            let rules = try await client.send(.get, "/v1/rules", key: key).json()
            #expect(rules["version"] as? Int == 0, "a simulation is never saved")
            #expect((rules["rules"] as? [String: Any])?["minimum_age"] as? Int == 18)
            #expect((try await client.send(.get, "/v1/rules/versions", key: key).json()["data"] as? [Any])?.isEmpty == true)
            for applicant in applicants { #expect(try await client.applicantState(applicant, key: key) == "verified") }
        }
    }

    @Test("a draft that decides as the rules in force changes nothing; limit bounds the applicants replayed")
    func unchangedAndLimited() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            for variant in 1...3 { _ = try await app.verifiedApplicant(client, variant: variant) }
            let same = try await Self.simulate(client, #"{"rules": {}}"#, key: key).json()
            #expect(same["evaluated"] as? Int == 3)
            #expect(same["changed_count"] as? Int == 0)
            #expect((same["changed"] as? [Any])?.isEmpty == true)
            let limited = try await Self.simulate(client, #"{"rules": {"minimum_age": 99}, "limit": 2}"#, key: key).json()
            #expect(limited["evaluated"] as? Int == 2)
            #expect(limited["changed_count"] as? Int == 2)
        }
    }

    @Test("a custom rule in a draft is replayed over the recorded signals")
    func customRuleDraft() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await app.verifiedApplicant(client, variant: 1)
            let draft = #"{"rules": {"custom_rules": [{"id": "brits", "when": {"==": [{"var": "country"}, "GBR"]}, "action": "review"}]}}"#
            let body = try await Self.simulate(client, draft, key: key).json()
            let changed = body["changed"] as? [[String: Any]] ?? []
            #expect(changed.count == 1)
            #expect(changed.first?["applicant_id"] as? String == applicant)
            #expect(changed.first?["simulated"] as? String == "in_review")
            #expect(changed.first?["reasons"] as? [String] == ["custom_rule_brits"])
        }
    }

    @Test("only the tenant's own applicants are replayed")
    func tenantIsolation() async throws {
        try await TestApp.withApp { app, client in
            _ = try await app.verifiedApplicant(client, variant: 1)
            let body = try await Self.simulate(client, #"{"rules": {"minimum_age": 99}}"#, key: app.globex.apiKey).json()
            #expect(body["evaluated"] as? Int == 0)
            #expect(body["changed_count"] as? Int == 0)
        }
    }

    @Test("bad requests have stable codes")
    func badRequests() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let invalid = try await Self.simulate(client, #"{"rules": {"minimum_age": "old"}}"#, key: key)
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.code == "invalid_rule_set")
            let errors = try invalid.json()["errors"] as? [[String: Any]] ?? []
            #expect(errors.map { $0["path"] as? String } == ["$.minimum_age"])

            let unknown = try await Self.simulate(client, #"{"rules": {}, "dry": true}"#, key: key)
            #expect(unknown.status == .badRequest)
            #expect(unknown.code == "unknown_field")
            let missing = try await Self.simulate(client, "{}", key: key)
            #expect(missing.status == .unprocessableContent)
            #expect(missing.code == "missing_field")
            let badLimit = try await Self.simulate(client, #"{"rules": {}, "limit": 0}"#, key: key)
            #expect(badLimit.status == .unprocessableContent)
            #expect(badLimit.code == "invalid_field")
            let malformed = try await Self.simulate(client, #"{"rules": "#, key: key)
            #expect(malformed.status == .badRequest)
            #expect(malformed.code == "malformed_json")
        }
    }
    /// Five custom rules of about 524,000 work units each: each fits in a rule's own limit, the
    /// five do not fit in one decision's budget.
    static let costlyRules: String = {
        let doubling =
            #"{"reduce": [[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0], {"merge": [{"var": "accumulator"}, {"var": "accumulator"}]}, [1]]}"#
        let rules = (1...5).map { #"{"id": "costly-\#($0)", "when": \#(doubling), "action": "ignore"}"# }
        return #"{"custom_rules": [\#(rules.joined(separator: ", "))]}"#
    }()

    @Test("a simulation needs applicants:read as well as rules:read: it names applicants and verdicts")
    func needsApplicantsRead() async throws {
        try await TestApp.withApp { app, client in
            let rulesOnly = try await app.issueKey([.rulesRead]).secret
            let refused = try await Self.simulate(client, #"{"rules": {}}"#, key: rulesOnly)
            #expect(refused.status == .forbidden)
            #expect(refused.code == "insufficient_scope")
            #expect(try refused.json()["detail"] as? String == "This API key lacks the `applicants:read` scope.")
            let applicantsOnly = try await app.issueKey([.applicantsRead]).secret
            #expect(try await Self.simulate(client, #"{"rules": {}}"#, key: applicantsOnly).code == "insufficient_scope")
            let both = try await app.issueKey([.rulesRead, .applicantsRead]).secret
            #expect(try await Self.simulate(client, #"{"rules": {}}"#, key: both).status == .ok)
        }
    }

    @Test("each decision's rules share one budget, and the simulation stops when its own runs out")
    func budgets() async throws {
        // Room for one decision at its full budget and half of another.
        let tight: @Sendable (inout AppConfiguration) -> Void = { $0.ruleSimulationBudget = 3 * DecisionEngine.decisionBudget / 2 }
        try await TestApp.withApp(configure: tight) { app, client in
            let key = app.acme.apiKey
            for variant in 1...3 { _ = try await app.verifiedApplicant(client, variant: variant) }
            let draft = #"{"rules": \#(Self.costlyRules)}"#
            let response = try await Self.simulate(client, draft, key: key)
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let body = try response.json()
            #expect(body["evaluated"] as? Int == 1, "the second decision did not fit")
            #expect(body["complete"] as? Bool == false)
            let changed = body["changed"] as? [[String: Any]] ?? []
            #expect(changed.count == 1)
            #expect(changed.first?["simulated"] as? String == "in_review")
            #expect(changed.first?["reasons"] as? [String] == ["rule_budget_exhausted"])
            #expect(changed.first?["decided_by"] as? String == "custom.costly-4")
        }
        try await TestApp.withApp { app, client in
            for variant in 1...2 { _ = try await app.verifiedApplicant(client, variant: variant) }
            let body = try await Self.simulate(client, #"{"rules": \#(Self.costlyRules)}"#, key: app.acme.apiKey).json()
            #expect(body["evaluated"] as? Int == 2)
            #expect(body["complete"] as? Bool == true)
            #expect((body["verdicts"] as? [String: Any])?["in_review"] as? Int == 2)
        }
    }

    @Test("one simulation per tenant at a time: another meanwhile is refused; other tenants are not held up")
    func oneAtATime() async throws {
        try await TestApp.withApp { app, client in
            let simulator = app.services.ruleSimulator
            try await simulator.oneAtATime(app.acme.id) {
                let busy = try await Self.simulate(client, #"{"rules": {}}"#, key: app.acme.apiKey)
                #expect(busy.status == .conflict)
                #expect(busy.code == "simulation_in_progress")
                #expect(busy.headers[.retryAfter] == "1")
                #expect(try await Self.simulate(client, #"{"rules": {}}"#, key: app.globex.apiKey).status == .ok)
            }
            #expect(try await Self.simulate(client, #"{"rules": {}}"#, key: app.acme.apiKey).status == .ok, "free again")
        }
    }

    @Test("the replay runs on a thread of its own, not a cooperative one")
    func offThePool() async throws {
        // The kernel's name for the thread: Foundation's `Thread.current` can hand back a stale
        // object on Linux, the kernel's name is the thread's own.
        let (name, niceness) = await RuleSimulator.onOwnThread { (Self.kernelThreadName(), BackgroundExecutor.currentNiceness) }
        #expect(name == RuleSimulator.threadName)
        #expect(niceness == 10, "below the request threads' priority")
    }

    static func kernelThreadName() -> String {
        let comm = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
        return comm.trimmingCharacters(in: .newlines)
    }

    @Test("the most recent decisions come back newest first, at most limit of them")
    func recentDecisionsAreLimited() async throws {
        try await TestApp.withApp { app, client in
            var applicants: [String] = []
            for variant in 1...3 { applicants.append(try await app.verifiedApplicant(client, variant: variant)) }
            let recent = try await app.services.checks.recentDecisions(tenant: app.acme.id, limit: 2)
            #expect(recent.map(\.applicantID.description) == [applicants[2], applicants[1]])
            #expect(try await app.services.checks.recentDecisions(tenant: app.acme.id, limit: 1000).count == 3)
        }
    }
}
