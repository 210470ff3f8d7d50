import Base
import Testing
import Verification

/// One malformed rule set and the single issue it must produce.
struct RuleSetIssueCase: Sendable, CustomTestStringConvertible {
    var document: JSONValue
    var path: String
    var code: String

    var testDescription: String { "\(code) at \(path)" }
}

/// Reading merchants' rule sets: defaults, every setting, and each issue at its exact path.
@Suite struct RuleSetTests {
    /// The issues a document produces, or none when it parses.
    static func issues(_ document: JSONValue) -> [RuleSetIssue] {
        do {
            _ = try RuleSet(json: document)
            return []
        } catch {
            return error.issues
        }
    }

    static func rule(id: JSONValue = "r1", when: JSONValue = ["<": [["var": "age"], 21]], action: JSONValue = "review") -> JSONValue {
        ["id": id, "when": when, "action": action]
    }

    @Test func emptyObjectGivesTheDefaults() throws {
        let rules = try RuleSet(json: [:])
        #expect(rules.json == RuleSet().json)
        #expect(rules.requiredDocuments == ["ID_FRONT", "ID_BACK", "PROOF_OF_ADDRESS", "SELFIE"])
        #expect(rules.minimumAge == 18)
        #expect(rules.acceptedCountries.isEmpty)
        #expect(rules.blockedCountries.isEmpty)
        #expect(rules.documentExpiryMarginDays == 0)
        #expect(rules.proofOfAddressMaxAgeDays == 90)
        #expect(rules.mrzRequired)
        #expect(rules.minimumResolution["ID_FRONT"] == MinimumResolution(width: 640, height: 400))
        #expect(rules.minimumResolution["SELFIE"] == MinimumResolution(width: 480, height: 480))
        #expect(rules.nameRejectBelow == 0.6)
        #expect(rules.nameReviewBelow == 0.85)
        #expect(rules.onDuplicate == .review)
        #expect(rules.onTampering == .review)
        #expect(rules.screeningEnabled)
        #expect(rules.screeningThreshold == 0.7)
        #expect(rules.onScreeningMatch == .reject)
        #expect(rules.regulatorEnabled)
        #expect(rules.onRegulatorNoMatch == .review)
        #expect(rules.riskReviewAt == 60)
        #expect(rules.riskRejectAt == 90)
        #expect(rules.autoApprove)
        #expect(rules.customRules.isEmpty)
    }

    static let everySetting: JSONValue = [
        "required_documents": ["ID_FRONT", "SELFIE", "ID_FRONT"],
        "minimum_age": 21,
        "accepted_countries": ["GB", "fra"],
        "blocked_countries": ["PRK"],
        "document_expiry_margin_days": 30,
        "proof_of_address_max_age_days": 60,
        "mrz_required": false,
        "minimum_resolution": ["SELFIE": ["width": 1000, "height": 800]],
        "name_match": ["reject_below": 0.5, "review_below": 0.9],
        "on_duplicate": "reject",
        "on_tampering": "ignore",
        "screening": ["enabled": false, "threshold": 0.8, "on_match": "review"],
        "regulator": ["enabled": false, "on_no_match": "reject"],
        "risk": ["review_at": 40, "reject_at": 75],
        "auto_approve": false,
        "custom_rules": [
            [
                "id": "young-and-foreign", "description": "Young applicants from abroad",
                "when": ["and": [["<": [["var": "age"], 25]], ["!=": [["var": "country"], ["var": "residence"]]]]],
                "action": "review", "reason": "young_foreign", "risk_points": 15,
            ],
            ["id": "no-zone", "when": ["!": [["var": "doc.mrz_valid"]]], "action": "ignore"],
        ],
    ]

    @Test func everySettingIsRead() throws {
        let rules = try RuleSet(json: Self.everySetting)
        #expect(rules.requiredDocuments == ["ID_FRONT", "SELFIE"])
        #expect(rules.minimumAge == 21)
        #expect(rules.acceptedCountries == ["GBR", "FRA"])
        #expect(rules.blockedCountries == ["PRK"])
        #expect(rules.documentExpiryMarginDays == 30)
        #expect(rules.proofOfAddressMaxAgeDays == 60)
        #expect(!rules.mrzRequired)
        #expect(rules.minimumResolution["SELFIE"] == MinimumResolution(width: 1000, height: 800))
        #expect(rules.minimumResolution["ID_FRONT"] == MinimumResolution(width: 640, height: 400))
        #expect(rules.nameRejectBelow == 0.5)
        #expect(rules.nameReviewBelow == 0.9)
        #expect(rules.onDuplicate == .reject)
        #expect(rules.onTampering == .ignore)
        #expect(!rules.screeningEnabled)
        #expect(rules.screeningThreshold == 0.8)
        #expect(rules.onScreeningMatch == .review)
        #expect(!rules.regulatorEnabled)
        #expect(rules.onRegulatorNoMatch == .reject)
        #expect(rules.riskReviewAt == 40)
        #expect(rules.riskRejectAt == 75)
        #expect(!rules.autoApprove)
        #expect(rules.customRules.map(\.id) == ["young-and-foreign", "no-zone"])
        let first = try #require(rules.customRules.first)
        #expect(first.description == "Young applicants from abroad")
        #expect(first.action == .review)
        #expect(first.reason == "young_foreign")
        #expect(first.riskPoints == 15)
        #expect(first.compiled.variables == ["age", "country", "residence"])
        let second = try #require(rules.customRules.last)
        #expect(second.reason == "custom_rule_no-zone")
        #expect(second.riskPoints == 0)
        #expect(second.description == nil)
        #expect(second.action == .ignore)
    }

    @Test func resolutionGivenInPartKeepsTheOtherDimension() throws {
        let rules = try RuleSet(json: ["minimum_resolution": ["SELFIE": ["width": 1000]]])
        #expect(rules.minimumResolution["SELFIE"] == MinimumResolution(width: 1000, height: 480))
    }

    @Test func countriesAreNormalisedToAlpha3AndDeduplicated() throws {
        let rules = try RuleSet(json: ["accepted_countries": ["GB", "gbr", "de", "D", "GBD", "UTO"], "blocked_countries": ["ir"]])
        #expect(rules.acceptedCountries == ["GBR", "DEU", "UTO"])
        #expect(rules.blockedCountries == ["IRN"])
    }

    static let singleIssues: [RuleSetIssueCase] = [
        RuleSetIssueCase(document: ["screening": ["foo": 1]], path: "$.screening.foo", code: "unknown_field"),
        RuleSetIssueCase(document: ["colour": "blue"], path: "$.colour", code: "unknown_field"),
        RuleSetIssueCase(document: ["regulator": ["mode": "strict"]], path: "$.regulator.mode", code: "unknown_field"),
        RuleSetIssueCase(document: ["risk": ["warn_at": 10]], path: "$.risk.warn_at", code: "unknown_field"),
        RuleSetIssueCase(document: ["name_match": ["exact": true]], path: "$.name_match.exact", code: "unknown_field"),
        RuleSetIssueCase(
            document: ["minimum_resolution": ["SELFIE": ["width": 10, "depth": 3]]],
            path: "$.minimum_resolution.SELFIE.depth",
            code: "unknown_field"
        ),
        RuleSetIssueCase(
            document: ["custom_rules": [["id": "a", "when": true, "action": "review", "severity": 3]]],
            path: "$.custom_rules[0].severity",
            code: "unknown_field"
        ),
        RuleSetIssueCase(document: [1, 2], path: "$", code: "invalid_type"),
        RuleSetIssueCase(document: ["minimum_age": "18"], path: "$.minimum_age", code: "invalid_type"),
        RuleSetIssueCase(document: ["minimum_age": 18.5], path: "$.minimum_age", code: "invalid_type"),
        RuleSetIssueCase(document: ["mrz_required": 1], path: "$.mrz_required", code: "invalid_type"),
        RuleSetIssueCase(document: ["auto_approve": "yes"], path: "$.auto_approve", code: "invalid_type"),
        RuleSetIssueCase(document: ["screening": true], path: "$.screening", code: "invalid_type"),
        RuleSetIssueCase(document: ["screening": ["threshold": "high"]], path: "$.screening.threshold", code: "invalid_type"),
        RuleSetIssueCase(document: ["required_documents": "SELFIE"], path: "$.required_documents", code: "invalid_type"),
        RuleSetIssueCase(document: ["accepted_countries": "GB"], path: "$.accepted_countries", code: "invalid_type"),
        RuleSetIssueCase(document: ["custom_rules": ["id": "a"]], path: "$.custom_rules", code: "invalid_type"),
        RuleSetIssueCase(document: ["custom_rules": ["not a rule"]], path: "$.custom_rules[0]", code: "invalid_type"),
        RuleSetIssueCase(
            document: ["minimum_resolution": ["SELFIE": ["width": "wide"]]],
            path: "$.minimum_resolution.SELFIE.width",
            code: "invalid_type"
        ),
        RuleSetIssueCase(document: ["minimum_age": 151], path: "$.minimum_age", code: "invalid_value"),
        RuleSetIssueCase(document: ["minimum_age": -1], path: "$.minimum_age", code: "invalid_value"),
        RuleSetIssueCase(document: ["proof_of_address_max_age_days": 0], path: "$.proof_of_address_max_age_days", code: "invalid_value"),
        RuleSetIssueCase(document: ["document_expiry_margin_days": 3651], path: "$.document_expiry_margin_days", code: "invalid_value"),
        RuleSetIssueCase(document: ["name_match": ["reject_below": 1.5]], path: "$.name_match.reject_below", code: "invalid_value"),
        RuleSetIssueCase(
            document: ["name_match": ["reject_below": 0.8, "review_below": 0.7]],
            path: "$.name_match.review_below",
            code: "invalid_value"
        ),
        RuleSetIssueCase(document: ["screening": ["threshold": -0.1]], path: "$.screening.threshold", code: "invalid_value"),
        RuleSetIssueCase(document: ["risk": ["review_at": 101]], path: "$.risk.review_at", code: "invalid_value"),
        RuleSetIssueCase(document: ["risk": ["review_at": 50, "reject_at": 40]], path: "$.risk.reject_at", code: "invalid_value"),
        RuleSetIssueCase(document: ["on_duplicate": "block"], path: "$.on_duplicate", code: "invalid_value"),
        RuleSetIssueCase(document: ["on_tampering": 1], path: "$.on_tampering", code: "invalid_value"),
        RuleSetIssueCase(document: ["screening": ["on_match": "approve"]], path: "$.screening.on_match", code: "invalid_value"),
        RuleSetIssueCase(document: ["regulator": ["on_no_match": "pass"]], path: "$.regulator.on_no_match", code: "invalid_value"),
        RuleSetIssueCase(document: ["required_documents": []], path: "$.required_documents", code: "invalid_value"),
        RuleSetIssueCase(document: ["required_documents": ["SELFIE", "PASSPORT"]], path: "$.required_documents[1]", code: "invalid_value"),
        RuleSetIssueCase(document: ["accepted_countries": ["GB", "ZZ"]], path: "$.accepted_countries[1]", code: "invalid_value"),
        RuleSetIssueCase(document: ["blocked_countries": [826]], path: "$.blocked_countries[0]", code: "invalid_value"),
        RuleSetIssueCase(
            document: ["minimum_resolution": ["PASSPORT": ["width": 1, "height": 1]]],
            path: "$.minimum_resolution.PASSPORT",
            code: "invalid_value"
        ),
        RuleSetIssueCase(
            document: ["minimum_resolution": ["ID_BACK": ["width": 20_001]]],
            path: "$.minimum_resolution.ID_BACK.width",
            code: "invalid_value"
        ),
        RuleSetIssueCase(document: ["custom_rules": [rule(id: "Has Spaces")]], path: "$.custom_rules[0].id", code: "invalid_value"),
        RuleSetIssueCase(document: ["custom_rules": [rule(id: "")]], path: "$.custom_rules[0].id", code: "invalid_value"),
        RuleSetIssueCase(document: ["custom_rules": [rule(action: "approve")]], path: "$.custom_rules[0].action", code: "invalid_value"),
        RuleSetIssueCase(
            document: ["custom_rules": [["id": "a", "when": true, "action": "review", "reason": "Too Young!"]]],
            path: "$.custom_rules[0].reason",
            code: "invalid_value"
        ),
        RuleSetIssueCase(
            document: ["custom_rules": [["id": "a", "when": true, "action": "review", "risk_points": 101]]],
            path: "$.custom_rules[0].risk_points",
            code: "invalid_value"
        ),
        RuleSetIssueCase(
            document: [
                "custom_rules": [["id": "a", "when": true, "action": "review", "description": .string(String(repeating: "x", count: 501))]]
            ],
            path: "$.custom_rules[0].description",
            code: "invalid_value"
        ),
        RuleSetIssueCase(
            document: ["custom_rules": .array((0..<101).map { rule(id: .string("r\($0)")) })],
            path: "$.custom_rules",
            code: "invalid_value"
        ),
        RuleSetIssueCase(
            document: ["custom_rules": [rule(id: "a"), rule(id: "b"), rule(id: "a")]],
            path: "$.custom_rules[2].id",
            code: "duplicate_id"
        ),
        RuleSetIssueCase(
            document: ["custom_rules": [["when": true, "action": "reject"]]],
            path: "$.custom_rules[0].id",
            code: "missing_field"
        ),
        RuleSetIssueCase(
            document: ["custom_rules": [rule(when: ["==": [["var": "salary"], 0]])]],
            path: "$.custom_rules[0].when",
            code: "unknown_signal"
        ),
        RuleSetIssueCase(
            document: ["custom_rules": [rule(when: [">": [["var": "applicant.income"], 0]])]],
            path: "$.custom_rules[0].when",
            code: "unknown_signal"
        ),
        RuleSetIssueCase(
            document: ["custom_rules": [rule(), rule(id: "r2", when: ["and": [true, ["bogus": 1]]])]],
            path: "$.custom_rules[1].when.and[1].bogus",
            code: "jsonlogic_unknown_operator"
        ),
        RuleSetIssueCase(
            document: ["custom_rules": [rule(when: ["<": [1]])]],
            path: "$.custom_rules[0].when.<",
            code: "jsonlogic_invalid_arguments"
        ),
    ]

    @Test(arguments: singleIssues)
    func issueIsReportedAtItsPath(_ example: RuleSetIssueCase) {
        let found = Self.issues(example.document)
        #expect(found.map(\.code) == [example.code])
        #expect(found.map(\.path) == [example.path])
        #expect(found.allSatisfy { !$0.message.isEmpty })
    }

    @Test func salaryIsAnUnknownSignalNamedInTheMessage() throws {
        let found = Self.issues(["custom_rules": [Self.rule(when: ["var": "salary"])]])
        let issue = try #require(found.first)
        #expect(found.count == 1)
        #expect(issue.path == "$.custom_rules[0].when")
        #expect(issue.code == "unknown_signal")
        #expect(issue.message.contains("salary"))
        #expect(issue.description == "$.custom_rules[0].when: " + issue.message)
    }

    @Test func documentedSignalsAndElementNamesAreAccepted() throws {
        let condition: JSONValue = [
            "and": [
                ["var": "doc.mrz_valid"], ["var": "screening.top_score"], ["var": "documents.SELFIE"],
                ["some": [["var": "duplicate"], ["var": ""]]], ["missing": ["proof_of_address.age_days"]],
            ]
        ]
        let rules = try RuleSet(json: ["custom_rules": [Self.rule(when: condition)]])
        #expect(rules.customRules.count == 1)
    }

    @Test func everyMissingFieldOfARuleIsReported() {
        let found = Self.issues(["custom_rules": [[:]]])
        #expect(found.map(\.code) == ["missing_field", "missing_field", "missing_field"])
        #expect(found.map(\.path) == ["$.custom_rules[0].id", "$.custom_rules[0].when", "$.custom_rules[0].action"])
    }

    @Test func ruleNestedAThousandDeepIsTooDeep() {
        var condition: JSONValue = true
        for _ in 0..<1000 { condition = ["!": [condition]] }
        let found = Self.issues(["custom_rules": [Self.rule(when: condition)]])
        #expect(found.map(\.code) == ["jsonlogic_too_deep"])
        // The 33rd level is the first past the limit of 32.
        #expect(found.map(\.path) == ["$.custom_rules[0].when" + String(repeating: ".![0]", count: 32)])
    }

    @Test func severalIssuesAreReportedTogetherInDocumentOrder() {
        let document: JSONValue = [
            "minimum_age": "adult",
            "screening": ["foo": 1, "threshold": 2],
            "on_tampering": "explode",
            "custom_rules": [
                ["id": "a", "when": ["var": "salary"], "action": "reject"],
                ["id": "a", "when": true, "action": "review"],
            ],
        ]
        let found = Self.issues(document)
        #expect(
            found.map(\.path) == [
                "$.custom_rules[0].when", "$.custom_rules[1].id", "$.minimum_age", "$.on_tampering", "$.screening.foo",
                "$.screening.threshold",
            ]
        )
        #expect(found.map(\.code) == ["unknown_signal", "duplicate_id", "invalid_type", "invalid_value", "unknown_field", "invalid_value"])
    }

    @Test func defaultsRoundTripThroughJSON() throws {
        let rules = RuleSet()
        #expect(try RuleSet(json: rules.json).json == rules.json)
    }

    @Test func customisedRulesRoundTripThroughJSON() throws {
        let rules = try RuleSet(json: Self.everySetting)
        let again = try RuleSet(json: rules.json)
        #expect(again.json == rules.json)
        #expect(again.customRules.map(\.reason) == ["young_foreign", "custom_rule_no-zone"])
        #expect(rules.json["custom_rules"]?[0]?["description"] == "Young applicants from abroad")
        #expect(rules.json["custom_rules"]?[1]?["description"] == nil)
        #expect(rules.json["accepted_countries"] == ["GBR", "FRA"])
    }
}
