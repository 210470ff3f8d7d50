/// One thing wrong with a submitted rule set, where it is and why.
public struct RuleSetIssue: Sendable, Hashable, CustomStringConvertible {
    /// JSON path into the submitted document, such as `$.custom_rules[2].when.and[0]`.
    public var path: String
    /// Stable code: `unknown_field`, `invalid_type`, `invalid_value`, `duplicate_id`, `unknown_signal`,
    /// or a JSONLogic code prefixed `jsonlogic_` (`jsonlogic_unknown_operator`, `jsonlogic_too_deep`, …).
    public var code: String
    public var message: String

    public init(path: String, code: String, message: String) {
        self.path = path
        self.code = code
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

/// A rule set that cannot be used, with every issue found.
public struct RuleSetInvalid: Error, Sendable, Hashable {
    public var issues: [RuleSetIssue]
}
