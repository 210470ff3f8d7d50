/// Applies a merchant's rule set to an applicant's signals.
///
/// Typed settings run first in a fixed order, then the custom rules in the merchant's order, then
/// the risk thresholds and the auto-approve switch. Every rule that applies is traced. The verdict:
/// rejected if anything rejects; otherwise pending while the regulator has not answered; otherwise
/// in review if anything asks for review; otherwise verified.
public enum DecisionEngine {
    /// Work units one decision's custom rules share, so a hundred rules cost no more than two.
    /// Twice what one rule may spend (`JSONLogicExpression`'s work limit): a rule that runs out
    /// of its own still leaves the others enough to be evaluated.
    public static let decisionBudget = 2_000_000

    /// Decides with a fresh `decisionBudget`.
    public static func decide(_ signals: DecisionSignals, rules: RuleSet) -> Decision {
        var budget = JSONLogicBudget(units: decisionBudget)
        return decide(signals, rules: rules, budget: &budget)
    }

    /// Decides, the custom rules spending from `budget`. When it runs out the rules left are not
    /// evaluated and the applicant goes to review (`rule_budget_exhausted`): an unchecked rule
    /// must never let an applicant pass.
    public static func decide(_ signals: DecisionSignals, rules: RuleSet, budget: inout JSONLogicBudget) -> Decision {
        var trace = settingsFirings(signals, rules: rules)
        var risk = RiskScore.score(signals)
        trace += customFirings(signals, rules: rules, risk: &risk, budget: &budget)
        if risk >= rules.riskRejectAt {
            trace.append(RuleFiring(rule: "risk.reject_at", action: .reject, reason: "risk_too_high"))
        } else if risk >= rules.riskReviewAt {
            trace.append(RuleFiring(rule: "risk.review_at", action: .review, reason: "risk_elevated"))
        }
        if !rules.autoApprove {
            trace.append(RuleFiring(rule: "settings.auto_approve", action: .review, reason: "manual_approval_required"))
        }
        var decision = verdict(trace: trace, risk: risk, regulatorPending: rules.regulatorEnabled && signals.regulatorStatus == "pending")
        decision.exceededBudget = trace.contains { $0.reason == budgetExhaustedReason }
        return decision
    }

    /// The reason given when the custom rules ran out of work units.
    public static let budgetExhaustedReason = "rule_budget_exhausted"

    static func verdict(trace: [RuleFiring], risk: Double, regulatorPending: Bool) -> Decision {
        func decision(_ verdict: Verdict, _ action: RuleAction?) -> Decision {
            let deciding = action.map { action in trace.filter { $0.action == action } } ?? []
            return Decision(
                verdict: verdict,
                reasons: deciding.map(\.reason),
                riskScore: risk,
                trace: trace,
                decidedBy: deciding.first?.rule ?? (verdict == .pending ? "regulator.pending" : "default")
            )
        }
        if trace.contains(where: { $0.action == .reject }) { return decision(.rejected, .reject) }
        if regulatorPending { return decision(.pending, nil) }
        if trace.contains(where: { $0.action == .review }) { return decision(.inReview, .review) }
        return decision(.verified, nil)
    }

    /// The typed settings that apply, in a fixed order.
    static func settingsFirings(_ signals: DecisionSignals, rules: RuleSet) -> [RuleFiring] {
        var firings: [RuleFiring] = []
        func fire(_ rule: String, _ action: RuleAction, _ reason: String) {
            firings.append(RuleFiring(rule: "settings." + rule, action: action, reason: reason))
        }
        if let age = signals.age, age < rules.minimumAge { fire("minimum_age", .reject, "underage") }
        if let country = signals.country {
            if rules.blockedCountries.contains(country) { fire("blocked_countries", .reject, "country_blocked") }
            if !rules.acceptedCountries.isEmpty && !rules.acceptedCountries.contains(country) {
                fire("accepted_countries", .reject, "country_not_accepted")
            }
        }
        if let days = signals.daysToExpiry, days < rules.documentExpiryMarginDays {
            fire("document_expiry_margin_days", .reject, days < 0 ? "document_expired" : "document_expires_soon")
        }
        if rules.mrzRequired && !signals.mrzValid { fire("mrz_required", .review, "mrz_missing") }
        if signals.birthDateMatches == false { fire("birth_date", .reject, "birth_date_mismatch") }
        if let name = signals.nameScore {
            if name < rules.nameRejectBelow {
                fire("name_match", .reject, "name_mismatch")
            } else if name < rules.nameReviewBelow {
                fire("name_match", .review, "name_uncertain")
            }
        }
        if signals.duplicateFile || signals.duplicateDocumentNumber {
            fire("on_duplicate", rules.onDuplicate, signals.duplicateFile ? "duplicate_file" : "duplicate_document_number")
        }
        if signals.tampering { fire("on_tampering", rules.onTampering, "editing_software_detected") }
        if rules.screeningEnabled {
            if signals.screeningSanctions { fire("screening", rules.onScreeningMatch, "sanctions_match") }
            if signals.screeningPEP { fire("screening", rules.onScreeningMatch, "pep_match") }
            if signals.screeningWatchlist { fire("screening", rules.onScreeningMatch, "watchlist_match") }
            if signals.screeningStatus == "error" { fire("screening", .review, "screening_unavailable") }
        }
        if rules.regulatorEnabled {
            switch signals.regulatorStatus {
            case "no_match": fire("regulator", rules.onRegulatorNoMatch, "regulator_no_match")
            case "error": fire("regulator", .review, "regulator_unavailable")
            default: break
            }
        }
        if rules.faceEnabled {
            switch signals.face.status {
            case "no_match": fire("face", rules.onFaceNoMatch, "face_no_match")
            case "retake": fire("face", .review, signals.face.reason ?? "face_unusable")
            case "error": fire("face", .review, "face_check_unavailable")
            default: break
            }
            if signals.face.duplicate { fire("face", rules.onDuplicateFace, "duplicate_face") }
        }
        // Last, so the specific cause of a document's review (above) is what decides.
        for type in rules.requiredDocuments {
            switch signals.documentStatuses[type] {
            case "VERIFIED": break
            case "IN_REVIEW": fire("required_documents", .review, "document_in_review")
            case "REJECTED": fire("required_documents", .reject, "document_rejected")
            default: fire("required_documents", .review, "document_missing")
            }
        }
        return firings
    }

    /// The merchant's rules in order. A rule that cannot be evaluated sends the applicant to
    /// review rather than letting it pass unchecked.
    static func customFirings(_ signals: DecisionSignals, rules: RuleSet, risk: inout Double, budget: inout JSONLogicBudget)
        -> [RuleFiring]
    {
        guard !rules.customRules.isEmpty else { return [] }
        var firings: [RuleFiring] = []
        // Rules see the score of the signals alone: a rule's points never feed another rule.
        let data = signals.json(riskScore: risk)
        for rule in rules.customRules {
            let fired: Bool
            do {
                fired = JSONLogic.truthy(try rule.compiled.evaluate(data, budget: &budget))
            } catch {
                guard !budget.isExhausted else {
                    firings.append(RuleFiring(rule: "custom." + rule.id, action: .review, reason: budgetExhaustedReason))
                    break
                }
                firings.append(RuleFiring(rule: "custom." + rule.id, action: .review, reason: "custom_rule_failed"))
                continue
            }
            guard fired else { continue }
            risk = min(risk + rule.riskPoints, 100)
            firings.append(RuleFiring(rule: "custom." + rule.id, action: rule.action, reason: rule.reason))
        }
        return firings
    }
}
