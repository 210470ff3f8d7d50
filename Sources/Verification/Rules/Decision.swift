/// Where the engine leaves an applicant.
public enum Verdict: String, Sendable, Hashable {
    case verified
    case rejected
    case inReview = "in_review"
    /// A check has not answered yet (a regulator that will call back); decide again when it does.
    case pending
}

/// One rule that applied, in the order the engine met it.
public struct RuleFiring: Sendable, Hashable {
    /// `settings.<name>` for a typed setting, `custom.<id>` for a merchant's rule, `risk.<threshold>`.
    public var rule: String
    public var action: RuleAction
    public var reason: String

    public init(rule: String, action: RuleAction, reason: String) {
        self.rule = rule
        self.action = action
        self.reason = reason
    }
}

/// The engine's answer: the verdict, why, and everything that fired on the way.
public struct Decision: Sendable, Hashable {
    public var verdict: Verdict
    /// Reason codes of the rules with the deciding action, in trace order (empty when verified).
    public var reasons: [String]
    public var riskScore: Double
    public var trace: [RuleFiring]
    /// The rule that decided: the first with the winning action, or `default` for a clean pass.
    public var decidedBy: String
    /// The custom rules ran out of work units before all were evaluated (the applicant is then
    /// in review, unless something rejects it).
    public var exceededBudget = false
}
