import Base
import Testing
import Verification

/// One change to a clean applicant or to the default rules, and the decision it must lead to.
struct DecisionCase: Sendable, CustomTestStringConvertible {
    var name: String
    var change: @Sendable (inout DecisionSignals, inout RuleSet) -> Void
    var verdict: Verdict
    /// The firing expected in the trace (and deciding, unless the verdict is verified).
    var rule: String?
    var reason: String?

    var testDescription: String { name }
}

/// The engine applied to applicants built signal by signal.
@Suite struct DecisionEngineTests {
    /// An applicant every default rule lets through.
    static func clean() -> DecisionSignals {
        var signals = DecisionSignals()
        signals.age = 30
        signals.country = "GBR"
        signals.residence = "GBR"
        signals.nameScore = 1
        signals.mrzValid = true
        signals.documentCode = "P"
        signals.issuingCountry = "GBR"
        signals.daysToExpiry = 1000
        signals.birthDateMatches = true
        signals.documentStatuses = ["ID_FRONT": "VERIFIED", "ID_BACK": "VERIFIED", "PROOF_OF_ADDRESS": "VERIFIED", "SELFIE": "VERIFIED"]
        signals.proofOfAddressAgeDays = 10
        signals.screeningStatus = "clear"
        signals.regulatorStatus = "match"
        return signals
    }

    static func decide(_ change: (inout DecisionSignals, inout RuleSet) -> Void) -> Decision {
        var signals = clean()
        var rules = RuleSet()
        change(&signals, &rules)
        return DecisionEngine.decide(signals, rules: rules)
    }

    static func rules(custom: [JSONValue], settings: [String: JSONValue] = [:]) throws -> RuleSet {
        var document = settings
        document["custom_rules"] = .array(custom)
        return try RuleSet(json: .object(document))
    }

    @Test func cleanApplicantIsVerifiedUnderTheDefaults() {
        let decision = DecisionEngine.decide(Self.clean(), rules: RuleSet())
        #expect(decision.verdict == .verified)
        #expect(decision.reasons.isEmpty)
        #expect(decision.trace.isEmpty)
        #expect(decision.riskScore == 0)
        #expect(decision.decidedBy == "default")
    }

    static let settingCases: [DecisionCase] = [
        DecisionCase(
            name: "underage",
            change: { s, _ in s.age = 17 },
            verdict: .rejected,
            rule: "settings.minimum_age",
            reason: "underage"
        ),
        DecisionCase(name: "exactly the minimum age", change: { s, _ in s.age = 18 }, verdict: .verified),
        DecisionCase(
            name: "raised minimum age",
            change: { _, r in r.minimumAge = 31 },
            verdict: .rejected,
            rule: "settings.minimum_age",
            reason: "underage"
        ),
        DecisionCase(
            name: "blocked country",
            change: { _, r in r.blockedCountries = ["GBR"] },
            verdict: .rejected,
            rule: "settings.blocked_countries",
            reason: "country_blocked"
        ),
        DecisionCase(
            name: "country outside the accepted list",
            change: { _, r in r.acceptedCountries = ["FRA", "DEU"] },
            verdict: .rejected,
            rule: "settings.accepted_countries",
            reason: "country_not_accepted"
        ),
        DecisionCase(name: "country on the accepted list", change: { _, r in r.acceptedCountries = ["FRA", "GBR"] }, verdict: .verified),
        DecisionCase(
            name: "unknown country is not judged",
            change: { s, r in
                s.country = nil
                r.acceptedCountries = ["FRA"]
            },
            verdict: .verified
        ),
        DecisionCase(
            name: "expires within the margin",
            change: { s, r in
                s.daysToExpiry = 10
                r.documentExpiryMarginDays = 30
            },
            verdict: .rejected,
            rule: "settings.document_expiry_margin_days",
            reason: "document_expires_soon"
        ),
        DecisionCase(
            name: "expired",
            change: { s, _ in s.daysToExpiry = -1 },
            verdict: .rejected,
            rule: "settings.document_expiry_margin_days",
            reason: "document_expired"
        ),
        DecisionCase(name: "expires today", change: { s, _ in s.daysToExpiry = 0 }, verdict: .verified),
        DecisionCase(
            name: "expires on the margin",
            change: { s, r in
                s.daysToExpiry = 30
                r.documentExpiryMarginDays = 30
            },
            verdict: .verified
        ),
        DecisionCase(
            name: "no valid zone",
            change: { s, _ in s.mrzValid = false },
            verdict: .inReview,
            rule: "settings.mrz_required",
            reason: "mrz_missing"
        ),
        DecisionCase(
            name: "zone not required",
            change: { s, r in
                s.mrzValid = false
                r.mrzRequired = false
            },
            verdict: .verified
        ),
        DecisionCase(
            name: "birth date mismatch",
            change: { s, _ in s.birthDateMatches = false },
            verdict: .rejected,
            rule: "settings.birth_date",
            reason: "birth_date_mismatch"
        ),
        DecisionCase(name: "nothing to compare birth dates with", change: { s, _ in s.birthDateMatches = nil }, verdict: .verified),
        DecisionCase(
            name: "name mismatch",
            change: { s, _ in s.nameScore = 0.59 },
            verdict: .rejected,
            rule: "settings.name_match",
            reason: "name_mismatch"
        ),
        DecisionCase(
            name: "name uncertain",
            change: { s, _ in s.nameScore = 0.6 },
            verdict: .inReview,
            rule: "settings.name_match",
            reason: "name_uncertain"
        ),
        DecisionCase(name: "name on the review threshold", change: { s, _ in s.nameScore = 0.85 }, verdict: .verified),
        DecisionCase(
            name: "lowered name thresholds",
            change: { s, r in
                s.nameScore = 0.7
                r.nameRejectBelow = 0.4
                r.nameReviewBelow = 0.6
            },
            verdict: .verified
        ),
        DecisionCase(
            name: "raised name thresholds",
            change: { s, r in
                s.nameScore = 0.9
                r.nameRejectBelow = 0.95
                r.nameReviewBelow = 0.99
            },
            verdict: .rejected,
            rule: "settings.name_match",
            reason: "name_mismatch"
        ),
        DecisionCase(
            name: "duplicate file, review",
            change: { s, _ in s.duplicateFile = true },
            verdict: .inReview,
            rule: "settings.on_duplicate",
            reason: "duplicate_file"
        ),
        DecisionCase(
            name: "duplicate document number, reject",
            change: { s, r in
                s.duplicateDocumentNumber = true
                r.onDuplicate = .reject
            },
            verdict: .rejected,
            rule: "settings.on_duplicate",
            reason: "duplicate_document_number"
        ),
        DecisionCase(
            name: "duplicate, ignore",
            change: { s, r in
                s.duplicateFile = true
                r.onDuplicate = .ignore
            },
            verdict: .verified,
            rule: "settings.on_duplicate",
            reason: "duplicate_file"
        ),
        DecisionCase(
            name: "tampering, review",
            change: { s, _ in s.tampering = true },
            verdict: .inReview,
            rule: "settings.on_tampering",
            reason: "editing_software_detected"
        ),
        DecisionCase(
            name: "tampering, reject",
            change: { s, r in
                s.tampering = true
                r.onTampering = .reject
            },
            verdict: .rejected,
            rule: "settings.on_tampering",
            reason: "editing_software_detected"
        ),
        DecisionCase(
            name: "tampering, ignore",
            change: { s, r in
                s.tampering = true
                r.onTampering = .ignore
            },
            verdict: .verified,
            rule: "settings.on_tampering",
            reason: "editing_software_detected"
        ),
        DecisionCase(
            name: "sanctions match, reject",
            change: { s, _ in
                s.screeningStatus = "hit"
                s.screeningSanctions = true
                s.screeningTopScore = 0.9
            },
            verdict: .rejected,
            rule: "settings.screening",
            reason: "sanctions_match"
        ),
        DecisionCase(
            name: "PEP match, review",
            change: { s, r in
                s.screeningStatus = "hit"
                s.screeningPEP = true
                r.onScreeningMatch = .review
            },
            verdict: .inReview,
            rule: "settings.screening",
            reason: "pep_match"
        ),
        DecisionCase(
            name: "screening switched off",
            change: { s, r in
                s.screeningSanctions = true
                s.screeningStatus = "error"
                r.screeningEnabled = false
            },
            verdict: .verified
        ),
        DecisionCase(
            name: "screening error",
            change: { s, _ in s.screeningStatus = "error" },
            verdict: .inReview,
            rule: "settings.screening",
            reason: "screening_unavailable"
        ),
        DecisionCase(
            name: "regulator no match, review",
            change: { s, _ in s.regulatorStatus = "no_match" },
            verdict: .inReview,
            rule: "settings.regulator",
            reason: "regulator_no_match"
        ),
        DecisionCase(
            name: "regulator no match, reject",
            change: { s, r in
                s.regulatorStatus = "no_match"
                r.onRegulatorNoMatch = .reject
            },
            verdict: .rejected,
            rule: "settings.regulator",
            reason: "regulator_no_match"
        ),
        DecisionCase(
            name: "regulator error",
            change: { s, _ in s.regulatorStatus = "error" },
            verdict: .inReview,
            rule: "settings.regulator",
            reason: "regulator_unavailable"
        ),
        DecisionCase(
            name: "regulator switched off",
            change: { s, r in
                s.regulatorStatus = "no_match"
                r.regulatorEnabled = false
            },
            verdict: .verified
        ),
        DecisionCase(
            name: "document missing",
            change: { s, _ in s.documentStatuses["SELFIE"] = nil },
            verdict: .inReview,
            rule: "settings.required_documents",
            reason: "document_missing"
        ),
        DecisionCase(
            name: "document in review",
            change: { s, _ in s.documentStatuses["ID_BACK"] = "IN_REVIEW" },
            verdict: .inReview,
            rule: "settings.required_documents",
            reason: "document_in_review"
        ),
        DecisionCase(
            name: "document rejected",
            change: { s, _ in s.documentStatuses["PROOF_OF_ADDRESS"] = "REJECTED" },
            verdict: .rejected,
            rule: "settings.required_documents",
            reason: "document_rejected"
        ),
        DecisionCase(
            name: "document not required",
            change: { s, r in
                s.documentStatuses = ["ID_FRONT": "VERIFIED"]
                r.requiredDocuments = ["ID_FRONT"]
            },
            verdict: .verified
        ),
        DecisionCase(
            name: "manual approval",
            change: { _, r in r.autoApprove = false },
            verdict: .inReview,
            rule: "settings.auto_approve",
            reason: "manual_approval_required"
        ),
    ]

    @Test(arguments: settingCases)
    func typedSettingDecides(_ example: DecisionCase) {
        let decision = Self.decide(example.change)
        #expect(decision.verdict == example.verdict)
        if let rule = example.rule, let reason = example.reason {
            #expect(decision.trace.map(\.rule) == [rule])
            #expect(decision.trace.map(\.reason) == [reason])
            if example.verdict != .verified {
                #expect(decision.decidedBy == rule)
                #expect(decision.reasons == [reason])
            }
        } else {
            #expect(decision.trace.isEmpty)
            #expect(decision.decidedBy == "default")
        }
        if example.verdict == .verified {
            #expect(decision.reasons.isEmpty)
        }
    }

    @Test func ignoredSettingIsTracedWithItsAction() {
        let decision = Self.decide { s, r in
            s.tampering = true
            r.onTampering = .ignore
        }
        #expect(decision.trace == [RuleFiring(rule: "settings.on_tampering", action: .ignore, reason: "editing_software_detected")])
        #expect(decision.decidedBy == "default")
    }

    @Test func regulatorPendingWaits() {
        let decision = Self.decide { s, _ in s.regulatorStatus = "pending" }
        #expect(decision.verdict == .pending)
        #expect(decision.reasons.isEmpty)
        #expect(decision.decidedBy == "regulator.pending")
    }

    @Test func regulatorPendingOutranksReviewButNotRejection() {
        let reviewing = Self.decide { s, _ in
            s.regulatorStatus = "pending"
            s.tampering = true
        }
        #expect(reviewing.verdict == .pending)
        #expect(reviewing.trace.map(\.reason) == ["editing_software_detected"])
        let rejecting = Self.decide { s, _ in
            s.regulatorStatus = "pending"
            s.age = 16
        }
        #expect(rejecting.verdict == .rejected)
        #expect(rejecting.decidedBy == "settings.minimum_age")
    }

    @Test func pendingIsIgnoredWhenTheRegulatorIsOff() {
        let decision = Self.decide { s, r in
            s.regulatorStatus = "pending"
            r.regulatorEnabled = false
        }
        #expect(decision.verdict == .verified)
    }

    @Test func rejectionOutranksReview() {
        let decision = Self.decide { s, _ in
            s.mrzValid = false
            s.duplicateFile = true
            s.birthDateMatches = false
        }
        #expect(decision.verdict == .rejected)
        #expect(decision.reasons == ["birth_date_mismatch"])
        #expect(decision.decidedBy == "settings.birth_date")
        #expect(decision.trace.map(\.action) == [.review, .reject, .review])
    }

    @Test func firstReviewingRuleDecidesAndEveryReviewReasonIsGiven() {
        let decision = Self.decide { s, _ in
            s.tampering = true
            s.mrzValid = false
        }
        #expect(decision.verdict == .inReview)
        #expect(decision.decidedBy == "settings.mrz_required")
        #expect(decision.reasons == ["mrz_missing", "editing_software_detected"])
    }

    @Test func traceFollowsTheFixedOrder() throws {
        var signals = Self.clean()
        signals.age = 16
        signals.country = "PRK"
        signals.daysToExpiry = -3
        signals.mrzValid = false
        signals.birthDateMatches = false
        signals.nameScore = 0.7
        signals.duplicateFile = true
        signals.tampering = true
        signals.screeningStatus = "error"
        signals.screeningSanctions = true
        signals.screeningPEP = true
        signals.regulatorStatus = "no_match"
        signals.documentStatuses["SELFIE"] = nil
        var rules = try Self.rules(custom: [["id": "always", "when": true, "action": "review"]])
        rules.blockedCountries = ["PRK"]
        rules.acceptedCountries = ["GBR"]
        rules.autoApprove = false
        let decision = DecisionEngine.decide(signals, rules: rules)
        #expect(
            decision.trace.map(\.rule) == [
                "settings.minimum_age", "settings.blocked_countries", "settings.accepted_countries",
                "settings.document_expiry_margin_days", "settings.mrz_required", "settings.birth_date", "settings.name_match",
                "settings.on_duplicate", "settings.on_tampering", "settings.screening", "settings.screening", "settings.screening",
                "settings.regulator", "settings.required_documents", "custom.always", "risk.reject_at", "settings.auto_approve",
            ]
        )
        #expect(decision.trace.map(\.reason)[9...11] == ["sanctions_match", "pep_match", "screening_unavailable"])
        #expect(decision.verdict == .rejected)
        #expect(decision.decidedBy == "settings.minimum_age")
        #expect(
            decision.reasons == [
                "underage", "country_blocked", "country_not_accepted", "document_expired", "birth_date_mismatch", "sanctions_match",
                "pep_match", "risk_too_high",
            ]
        )
    }

    // MARK: risk

    @Test func riskScoreWeighsEachSignal() {
        #expect(RiskScore.score(Self.clean()) == 0)
        var signals = Self.clean()
        signals.nameScore = 0.5
        #expect(RiskScore.score(signals) == 30)
        signals = Self.clean()
        signals.tampering = true
        signals.duplicateFile = true
        signals.duplicateDocumentNumber = true
        #expect(RiskScore.score(signals) == 90)
        signals = Self.clean()
        signals.screeningTopScore = 0.5
        signals.regulatorStatus = "error"
        signals.mrzValid = false
        signals.daysToExpiry = 29
        signals.age = 20
        #expect(RiskScore.score(signals) == 15 + 10 + 10 + 5 + 5)
        signals.regulatorStatus = "no_match"
        signals.nameScore = 0
        signals.tampering = true
        #expect(RiskScore.score(signals) == 100)
    }

    @Test func elevatedRiskGoesToReview() {
        let decision = Self.decide { s, r in
            s.duplicateFile = true
            s.duplicateDocumentNumber = true
            r.onDuplicate = .ignore
        }
        #expect(decision.riskScore == 65)
        #expect(decision.verdict == .inReview)
        #expect(decision.decidedBy == "risk.review_at")
        #expect(decision.reasons == ["risk_elevated"])
    }

    @Test func riskAtTheRejectThresholdRejects() {
        let decision = Self.decide { s, r in
            s.duplicateFile = true
            s.duplicateDocumentNumber = true
            s.tampering = true
            r.onDuplicate = .ignore
            r.onTampering = .ignore
        }
        #expect(decision.riskScore == 90)
        #expect(decision.verdict == .rejected)
        #expect(decision.decidedBy == "risk.reject_at")
        #expect(decision.reasons == ["risk_too_high"])
        #expect(!decision.trace.contains { $0.rule == "risk.review_at" })
    }

    @Test func riskThresholdsAreTheMerchants() {
        let lowered = Self.decide { s, r in
            s.tampering = true
            r.onTampering = .ignore
            r.riskReviewAt = 20
            r.riskRejectAt = 30
        }
        #expect(lowered.verdict == .inReview)
        #expect(lowered.reasons == ["risk_elevated"])
        let raised = Self.decide { s, r in
            s.duplicateFile = true
            s.duplicateDocumentNumber = true
            r.onDuplicate = .ignore
            r.riskReviewAt = 70
        }
        #expect(raised.verdict == .verified)
    }

    // MARK: custom rules

    @Test func customRulesFireInOrderAndAddTheirPoints() throws {
        let rules = try Self.rules(custom: [
            ["id": "young", "when": ["<": [["var": "age"], 21]], "action": "review", "reason": "young", "risk_points": 10],
            ["id": "old", "when": [">": [["var": "age"], 99]], "action": "reject"],
            ["id": "foreign", "when": ["!=": [["var": "country"], ["var": "residence"]]], "action": "ignore", "risk_points": 20],
        ])
        var signals = Self.clean()
        signals.age = 19
        signals.residence = "FRA"
        let decision = DecisionEngine.decide(signals, rules: rules)
        #expect(
            decision.trace == [
                RuleFiring(rule: "custom.young", action: .review, reason: "young"),
                RuleFiring(rule: "custom.foreign", action: .ignore, reason: "custom_rule_foreign"),
            ]
        )
        // 5 for an applicant under 21, then the points of both rules that fired.
        #expect(decision.riskScore == 35)
        #expect(decision.verdict == .inReview)
        #expect(decision.decidedBy == "custom.young")
        #expect(decision.reasons == ["young"])
    }

    @Test func customRuleRejects() throws {
        let rules = try Self.rules(custom: [
            ["id": "uk-only-residents", "when": ["!": [["in": [["var": "residence"], ["GBR", "IRL"]]]]], "action": "reject"]
        ])
        var signals = Self.clean()
        #expect(DecisionEngine.decide(signals, rules: rules).verdict == .verified)
        signals.residence = "USA"
        let decision = DecisionEngine.decide(signals, rules: rules)
        #expect(decision.verdict == .rejected)
        #expect(decision.reasons == ["custom_rule_uk-only-residents"])
    }

    @Test func customRulesSeeTheRiskOfTheSignalsAlone() throws {
        let rules = try Self.rules(custom: [
            ["id": "points", "when": true, "action": "ignore", "risk_points": 50],
            ["id": "risky", "when": [">=": [["var": "risk_score"], 50]], "action": "reject"],
        ])
        let decision = DecisionEngine.decide(Self.clean(), rules: rules)
        #expect(decision.trace.map(\.rule) == ["custom.points"])
        #expect(decision.riskScore == 50)
        #expect(decision.verdict == .verified)
    }

    @Test func customPointsCanCrossTheRiskThresholdsAndAreCapped() throws {
        let rules = try Self.rules(custom: [
            ["id": "a", "when": true, "action": "ignore", "risk_points": 70],
            ["id": "b", "when": true, "action": "ignore", "risk_points": 70],
        ])
        let decision = DecisionEngine.decide(Self.clean(), rules: rules)
        #expect(decision.riskScore == 100)
        #expect(decision.trace.map(\.rule) == ["custom.a", "custom.b", "risk.reject_at"])
        #expect(decision.verdict == .rejected)
        #expect(decision.decidedBy == "risk.reject_at")
    }

    @Test func customRuleThatCannotBeEvaluatedSendsToReview() throws {
        // Doubling an array on each of 64 steps exhausts the evaluation's work budget.
        let doubling: JSONValue = [
            "reduce": [.array(Array(repeating: 0, count: 64)), ["merge": [["var": "accumulator"], ["var": "accumulator"]]], [1]]
        ]
        let rules = try Self.rules(custom: [
            ["id": "explodes", "when": doubling, "action": "ignore"],
            ["id": "after", "when": true, "action": "ignore"],
        ])
        let decision = DecisionEngine.decide(Self.clean(), rules: rules)
        #expect(
            decision.trace == [
                RuleFiring(rule: "custom.explodes", action: .review, reason: "custom_rule_failed"),
                RuleFiring(rule: "custom.after", action: .ignore, reason: "custom_rule_after"),
            ]
        )
        #expect(decision.verdict == .inReview)
        #expect(decision.decidedBy == "custom.explodes")
        #expect(decision.reasons == ["custom_rule_failed"])
    }

    /// A rule that spends about 524,000 work units: an array doubled on each of 18 steps.
    static let costly: JSONValue = [
        "reduce": [.array(Array(repeating: 0, count: 18)), ["merge": [["var": "accumulator"], ["var": "accumulator"]]], [1]]
    ]

    @Test func customRulesShareOneBudgetPerDecision() throws {
        // Each rule fits in its own limit; five of them do not fit in one decision's budget.
        let rules = try Self.rules(
            custom: (1...5).map { n -> JSONValue in ["id": .string("costly-\(n)"), "when": Self.costly, "action": "ignore"] }
        )
        let decision = DecisionEngine.decide(Self.clean(), rules: rules)
        #expect(
            decision.trace == [
                RuleFiring(rule: "custom.costly-1", action: .ignore, reason: "custom_rule_costly-1"),
                RuleFiring(rule: "custom.costly-2", action: .ignore, reason: "custom_rule_costly-2"),
                RuleFiring(rule: "custom.costly-3", action: .ignore, reason: "custom_rule_costly-3"),
                RuleFiring(rule: "custom.costly-4", action: .review, reason: "rule_budget_exhausted"),
            ],
            "the rules after the one that ran out are not evaluated"
        )
        #expect(decision.verdict == .inReview)
        #expect(decision.reasons == ["rule_budget_exhausted"])
        #expect(decision.exceededBudget)

        // A budget given by the caller is drawn on and left exhausted.
        var budget = JSONLogicBudget(units: 600_000)
        let cut = DecisionEngine.decide(Self.clean(), rules: rules, budget: &budget)
        #expect(cut.trace.map(\.reason) == ["custom_rule_costly-1", "rule_budget_exhausted"])
        #expect(budget.isExhausted)

        // A rejection still rejects: running out never weakens a verdict.
        var underage = Self.clean()
        underage.age = 16
        #expect(DecisionEngine.decide(underage, rules: rules).verdict == .rejected)
    }

    @Test func cheapRulesSpendLittleOfTheBudget() throws {
        let rules = try Self.rules(
            custom: (1...100).map { n -> JSONValue in
                ["id": .string("cheap-\(n)"), "when": ["<": [["var": "age"], 21]], "action": "review"]
            }
        )
        var budget = JSONLogicBudget(units: DecisionEngine.decisionBudget)
        let decision = DecisionEngine.decide(Self.clean(), rules: rules, budget: &budget)
        #expect(decision.verdict == .verified)
        #expect(!decision.exceededBudget)
        #expect(DecisionEngine.decisionBudget - budget.remaining < 1000)
    }

    @Test func customRulesReadNestedSignals() throws {
        let rules = try Self.rules(custom: [
            [
                "id": "stale-address",
                "when": [
                    "if": [
                        ["missing": ["proof_of_address.age_days"]], false,
                        [">": [["var": "proof_of_address.age_days"], 30]], true, false,
                    ]
                ],
                "action": "review",
            ],
            ["id": "selfie-pending", "when": ["==": [["var": "documents.SELFIE"], "IN_REVIEW"]], "action": "review"],
        ])
        var signals = Self.clean()
        #expect(DecisionEngine.decide(signals, rules: rules).verdict == .verified)
        signals.proofOfAddressAgeDays = 45
        #expect(DecisionEngine.decide(signals, rules: rules).reasons == ["custom_rule_stale-address"])
        signals.proofOfAddressAgeDays = nil
        #expect(DecisionEngine.decide(signals, rules: rules).verdict == .verified)
    }
}
