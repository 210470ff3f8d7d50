import Foundation
import HummingbirdTesting
import Testing
import VouchAPI
import VouchCore

/// A rule set that must be refused, and the issue it must be refused for.
struct InvalidRuleSetCase: Sendable, CustomTestStringConvertible {
    var name: String
    var body: String
    var path: String
    var code: String

    var testDescription: String { name }

    static let all: [InvalidRuleSetCase] = [
        InvalidRuleSetCase(name: "an unknown field", body: #"{"minimum_agee": 18}"#, path: "$.minimum_agee", code: "unknown_field"),
        InvalidRuleSetCase(
            name: "an unknown nested field",
            body: #"{"screening": {"enabeld": false}}"#,
            path: "$.screening.enabeld",
            code: "unknown_field"
        ),
        InvalidRuleSetCase(name: "a number as a string", body: #"{"minimum_age": "18"}"#, path: "$.minimum_age", code: "invalid_type"),
        InvalidRuleSetCase(
            name: "a re-screen schedule out of range",
            body: #"{"screening": {"rescreen_days": 4000}}"#,
            path: "$.screening.rescreen_days",
            code: "invalid_value"
        ),
        InvalidRuleSetCase(
            name: "a re-screen schedule in part days",
            body: #"{"screening": {"rescreen_days": 1.5}}"#,
            path: "$.screening.rescreen_days",
            code: "invalid_type"
        ),
        InvalidRuleSetCase(
            name: "monitoring as a string",
            body: #"{"screening": {"monitoring": "on"}}"#,
            path: "$.screening.monitoring",
            code: "invalid_type"
        ),
        InvalidRuleSetCase(name: "a flag as a string", body: #"{"auto_approve": "yes"}"#, path: "$.auto_approve", code: "invalid_type"),
        InvalidRuleSetCase(name: "an age out of range", body: #"{"minimum_age": 400}"#, path: "$.minimum_age", code: "invalid_value"),
        InvalidRuleSetCase(name: "an unknown action", body: #"{"on_duplicate": "explode"}"#, path: "$.on_duplicate", code: "invalid_value"),
        InvalidRuleSetCase(
            name: "a country that is not one",
            body: #"{"blocked_countries": ["GB", "Narnia"]}"#,
            path: "$.blocked_countries[1]",
            code: "invalid_value"
        ),
        InvalidRuleSetCase(name: "not an object", body: "[]", path: "$", code: "invalid_type"),
        InvalidRuleSetCase(
            name: "an unknown JSONLogic operator",
            body: #"{"custom_rules": [{"id": "odd", "when": {"frobnicate": [1, 2]}, "action": "review"}]}"#,
            path: "$.custom_rules[0].when",
            code: "jsonlogic_unknown_operator"
        ),
        InvalidRuleSetCase(
            name: "an unknown signal",
            body: #"{"custom_rules": [{"id": "rich", "when": {">": [{"var": "salary"}, 100000]}, "action": "review"}]}"#,
            path: "$.custom_rules[0].when",
            code: "unknown_signal"
        ),
        InvalidRuleSetCase(
            name: "a rule without an action",
            body: #"{"custom_rules": [{"id": "x", "when": true}]}"#,
            path: "$.custom_rules[0].action",
            code: "missing_field"
        ),
        InvalidRuleSetCase(
            name: "two rules with one id",
            body: #"{"custom_rules": [{"id": "x", "when": true, "action": "ignore"}, {"id": "x", "when": false, "action": "ignore"}]}"#,
            path: "$.custom_rules[1].id",
            code: "duplicate_id"
        ),
        InvalidRuleSetCase(
            name: "a rule nested 100 deep",
            body: #"{"custom_rules": [{"id": "deep", "action": "review", "when": \#(RulesAPITests.nested(100))}]}"#,
            path: "$.custom_rules[0].when",
            code: "jsonlogic_too_deep"
        ),
    ]
}

@Suite("Rules API")
struct RulesAPITests {
    /// `{"!": {"!": … true …}}`, `depth` operations deep.
    static func nested(_ depth: Int) -> String {
        String(repeating: #"{"!": "#, count: depth) + "true" + String(repeating: "}", count: depth)
    }

    static let youngRule =
        #"{"custom_rules": [{"id": "no-young", "when": {"<": [{"var": "age"}, 25]}, "action": "review", "reason": "young"}]}"#

    @Test("the defaults are version 0; what GET shows can be PUT back")
    func defaults() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let response = try await client.send(.get, "/v1/rules", key: key)
            #expect(response.status == .ok)
            let body = try response.json()
            #expect(body["object"] as? String == "rule_set")
            #expect(body["version"] as? Int == 0)
            #expect(body["created_at"] is NSNull)
            let rules = try #require(body["rules"] as? [String: Any])
            #expect(rules["minimum_age"] as? Int == 18)
            #expect(rules["required_documents"] as? [String] == ["ID_FRONT", "ID_BACK", "PROOF_OF_ADDRESS", "SELFIE"])
            #expect(rules["auto_approve"] as? Bool == true)
            #expect((rules["custom_rules"] as? [Any])?.isEmpty == true)
            let versions = try await client.send(.get, "/v1/rules/versions", key: key).json()
            #expect((versions["data"] as? [Any])?.isEmpty == true)

            let roundTrip = String(decoding: try JSONSerialization.data(withJSONObject: rules), as: UTF8.self)
            let saved = try await client.putRules(roundTrip, key: key)
            #expect(saved.status == .ok, "\(String(buffer: saved.body))")
            #expect(try saved.json()["version"] as? Int == 1)
        }
    }

    @Test("each PUT is a new version, filled in with the defaults; versions are listed newest first")
    func versions() async throws {
        try await TestApp.withApp { app, client in
            let manager = try await app.issueKey([.rulesRead, .rulesManage])
            for (index, age) in [21, 30, 25].enumerated() {
                let saved = try await client.putRules(#"{"minimum_age": \#(age)}"#, key: manager.secret)
                #expect(saved.status == .ok)
                let body = try saved.json()
                #expect(body["version"] as? Int == index + 1)
                #expect(body["created_by"] as? String == manager.record.id.description)
                #expect(body["created_at"] is String)
                let rules = body["rules"] as? [String: Any]
                #expect(rules?["minimum_age"] as? Int == age)
                #expect(rules?["proof_of_address_max_age_days"] as? Int == 90, "omitted settings keep their defaults")
            }
            let current = try await client.send(.get, "/v1/rules", key: manager.secret).json()
            #expect(current["version"] as? Int == 3)
            #expect((current["rules"] as? [String: Any])?["minimum_age"] as? Int == 25)
            let listed = try await client.send(.get, "/v1/rules/versions", key: manager.secret).json()
            let data = listed["data"] as? [[String: Any]] ?? []
            #expect(data.map { $0["version"] as? Int } == [3, 2, 1])
            #expect(data.map { ($0["rules"] as? [String: Any])?["minimum_age"] as? Int } == [25, 30, 21])
            #expect(listed["has_more"] as? Bool == false)
        }
    }

    @Test("an invalid rule set is refused with the path and code of the issue", arguments: InvalidRuleSetCase.all)
    func invalidRuleSet(_ invalid: InvalidRuleSetCase) async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let response = try await client.putRules(invalid.body, key: key)
            #expect(response.status == .unprocessableContent)
            #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            let body = try response.json()
            #expect(body["code"] as? String == "invalid_rule_set")
            let errors = body["errors"] as? [[String: Any]] ?? []
            #expect(!errors.isEmpty)
            #expect(errors.allSatisfy { $0["path"] is String && $0["code"] is String && $0["message"] is String }, "\(errors)")
            let found = errors.contains { error in
                error["code"] as? String == invalid.code && (error["path"] as? String ?? "").hasPrefix(invalid.path)
            }
            #expect(found, "\(errors)")
            #expect(try await client.send(.get, "/v1/rules", key: key).json()["version"] as? Int == 0, "nothing saved")
        }
    }

    @Test("every issue of a rule set is reported at once")
    func everyIssueReported() async throws {
        try await TestApp.withApp { app, client in
            let body = #"{"colour": "red", "minimum_age": "x", "risk": {"review_at": 500}}"#
            let response = try await client.putRules(body, key: app.acme.apiKey)
            #expect(response.status == .unprocessableContent)
            let errors = try response.json()["errors"] as? [[String: Any]] ?? []
            let pairs = Set(errors.map { "\($0["path"] as? String ?? "") \($0["code"] as? String ?? "")" })
            #expect(pairs == ["$.colour unknown_field", "$.minimum_age invalid_type", "$.risk.review_at invalid_value"])
        }
    }

    @Test("a rule nested 1,000 deep is refused without harm; malformed and empty bodies are 400s")
    func hostileBodies() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let deep = #"{"custom_rules": [{"id": "deep", "action": "review", "when": \#(Self.nested(1000))}]}"#
            let refused = try await client.putRules(deep, key: key)
            #expect([400, 422].contains(refused.status.code), "\(refused.status)")
            #expect(["malformed_json", "invalid_rule_set"].contains(refused.code))
            let deepArrays =
                #"{"custom_rules": [{"id": "deep", "action": "review", "when": \#(String(repeating: "[", count: 1000))\#(String(repeating: "]", count: 1000))}]}"#
            #expect([400, 422].contains(try await client.putRules(deepArrays, key: key).status.code))

            let malformed = try await client.putRules(#"{"minimum_age": 18"#, key: key)
            #expect(malformed.status == .badRequest)
            #expect(malformed.code == "malformed_json")
            let empty = try await client.send(.put, "/v1/rules", key: key, json: "")
            #expect(empty.status == .badRequest)
            #expect(empty.code == "empty_body")

            let after = try await client.send(.get, "/v1/rules", key: key)
            #expect(after.status == .ok, "the server still answers")
            #expect(try after.json()["version"] as? Int == 0)
        }
    }

    @Test("a custom rule changes the next decision, and only the next")
    func customRuleDecides() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let birthday = PipelineDates.birthday(yearsAgo: 22)
            let young = PipelineProfile(dateOfBirth: birthday.profile)
            let before = try await client.createApplicant(key: key, profile: young)
            var documents = PipelineDocuments.valid(variant: 1)
            documents.idBack.mrz = PipelineSamples.zone(1, birth: birthday.zone)
            try await client.uploadDocuments(documents, applicant: before, key: key)
            try await app.drainJobs()
            #expect(try await client.applicantState(before, key: key) == "verified")

            let saved = try await client.putRules(Self.youngRule, key: key)
            #expect(saved.status == .ok, "\(String(buffer: saved.body))")

            let after = try await client.createApplicant(key: key, profile: young)
            documents = PipelineDocuments.valid(variant: 2)
            documents.idBack.mrz = PipelineSamples.zone(2, birth: birthday.zone)
            try await client.uploadDocuments(documents, applicant: after, key: key)
            let older = try await client.createApplicant(key: key, profile: PipelineProfile())
            try await client.uploadDocuments(.valid(variant: 3), applicant: older, key: key)
            try await app.drainJobs()

            #expect(try await client.applicantState(after, key: key) == "in_review")
            #expect(try await client.applicantState(older, key: key) == "verified")
            #expect(try await client.applicantState(before, key: key) == "verified", "decisions already taken stand")
            let result = (try await client.fetchChecks(after, key: key)["decision_result"] as? [String: Any])?["result"] as? [String: Any]
            #expect(result?["reasons"] as? [String] == ["young"])
            #expect(result?["decided_by"] as? String == "custom.no-young")
            #expect(result?["rule_set_version"] as? Int == 1)
            let trace = result?["trace"] as? [[String: Any]] ?? []
            #expect(trace.contains { $0["rule"] as? String == "custom.no-young" && $0["action"] as? String == "review" })
            let reviews = try await client.openReviews(key: key)
            #expect(reviews.map { $0["applicant_id"] as? String } == [after])
            #expect(reviews.first?["reasons"] as? [String] == ["young"])
        }
    }

    @Test("the workers give a decision's saved rules one budget: past it the applicant goes to review")
    func savedRulesShareTheDecisionBudget() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let saved = try await client.putRules(RulesSimulationTests.costlyRules, key: key)
            #expect(saved.status == .ok, "\(String(buffer: saved.body))")
            let applicant = try await client.createApplicant(key: key, profile: PipelineProfile())
            try await client.uploadDocuments(.valid(variant: 1), applicant: applicant, key: key)
            try await app.drainJobs()

            #expect(try await client.applicantState(applicant, key: key) == "in_review")
            let result =
                (try await client.fetchChecks(applicant, key: key)["decision_result"] as? [String: Any])?["result"] as? [String: Any]
            #expect(result?["reasons"] as? [String] == ["rule_budget_exhausted"])
            #expect(result?["decided_by"] as? String == "custom.costly-4")
            let fired = (result?["trace"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }.filter { $0.hasPrefix("custom.") }
            #expect(fired == ["custom.costly-1", "custom.costly-2", "custom.costly-3", "custom.costly-4"], "the fifth never ran")
        }
    }

    @Test("reading needs rules:read, writing rules:manage, simulating applicants:read too")
    func scopes() async throws {
        try await TestApp.withApp { app, client in
            let reader = try await app.issueKey([.rulesRead])
            #expect(try await client.send(.get, "/v1/rules", key: reader.secret).status == .ok)
            #expect(try await client.send(.get, "/v1/rules/versions", key: reader.secret).status == .ok)
            let simulated = try await client.send(.post, "/v1/rules/simulate", key: reader.secret, json: #"{"rules": {}}"#)
            #expect(simulated.code == "insufficient_scope")
            let analyst = try await app.issueKey([.rulesRead, .applicantsRead])
            let allowed = try await client.send(.post, "/v1/rules/simulate", key: analyst.secret, json: #"{"rules": {}}"#)
            #expect(allowed.status == .ok)
            let refused = try await client.putRules(#"{"minimum_age": 21}"#, key: reader.secret)
            #expect(refused.status == .forbidden)
            #expect(refused.code == "insufficient_scope")

            let outsider = try await app.issueKey([.applicantsRead, .applicantsWrite])
            for path in ["/v1/rules", "/v1/rules/versions"] {
                let response = try await client.send(.get, path, key: outsider.secret)
                #expect(response.status == .forbidden, "\(path)")
                #expect(response.code == "insufficient_scope")
            }
            #expect(try await client.send(.post, "/v1/rules/simulate", key: outsider.secret, json: #"{"rules": {}}"#).status == .forbidden)
            #expect(try await client.send(.get, "/v1/rules", key: nil).status == .unauthorized)
            #expect(try await client.send(.get, "/v1/rules", key: app.acme.apiKey).json()["version"] as? Int == 0, "nothing saved")
        }
    }

    @Test("a tenant's rules are its own: others neither see them nor are decided by them")
    func tenantIsolation() async throws {
        try await TestApp.withApp { app, client in
            #expect(try await client.putRules(#"{"minimum_age": 99}"#, key: app.acme.apiKey).status == .ok)
            let globexRules = try await client.send(.get, "/v1/rules", key: app.globex.apiKey).json()
            #expect(globexRules["version"] as? Int == 0)
            #expect((globexRules["rules"] as? [String: Any])?["minimum_age"] as? Int == 18)
            let globexVersions = try await client.send(.get, "/v1/rules/versions", key: app.globex.apiKey).json()
            #expect((globexVersions["data"] as? [Any])?.isEmpty == true)

            let acmeApplicant = try await client.createApplicant(key: app.acme.apiKey, profile: PipelineProfile())
            try await client.uploadDocuments(.valid(variant: 1), applicant: acmeApplicant, key: app.acme.apiKey)
            let globexApplicant = try await client.createApplicant(key: app.globex.apiKey, profile: PipelineProfile())
            try await client.uploadDocuments(.valid(variant: 2), applicant: globexApplicant, key: app.globex.apiKey)
            try await app.drainJobs()
            #expect(try await client.applicantState(acmeApplicant, key: app.acme.apiKey) == "rejected")
            #expect(try await client.applicantState(globexApplicant, key: app.globex.apiKey) == "verified")
        }
    }
}
