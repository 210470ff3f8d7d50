import Base

extension RuleSetReader {
    /// Custom rules are bounded so one tenant's rule set cannot make every evaluation slow.
    static let maximumCustomRules = 100
    static let maximumRuleDepth = 32

    mutating func customRules(_ value: JSONValue, at path: String) -> [CustomRule] {
        guard case .array(let entries) = value else {
            issue(path, "invalid_type", "must be an array of rules")
            return []
        }
        if entries.count > Self.maximumCustomRules {
            issue(path, "invalid_value", "must hold at most \(Self.maximumCustomRules) rules")
            return []
        }
        var seen: Set<String> = []
        var rules: [CustomRule] = []
        for (index, entry) in entries.enumerated() {
            let rulePath = "\(path)[\(index)]"
            guard let rule = customRule(entry, at: rulePath) else { continue }
            if !seen.insert(rule.id).inserted {
                issue(rulePath + ".id", "duplicate_id", "another rule already has the id \(rule.id)")
            }
            rules.append(rule)
        }
        return rules
    }

    mutating func customRule(_ value: JSONValue, at path: String) -> CustomRule? {
        guard let fields = object(value, at: path) else { return nil }
        var id: String?
        var description: String?
        var condition: JSONValue?
        var action: RuleAction?
        var reason: String?
        var riskPoints = 0.0
        for (key, entry) in fields.sorted(by: { $0.key < $1.key }) {
            let entryPath = path + "." + key
            switch key {
            case "id": id = identifier(entry, at: entryPath)
            case "description": description = text(entry, at: entryPath, maximumLength: 500)
            case "when": condition = entry
            case "action": action = self.action(entry, at: entryPath)
            case "reason": reason = identifier(entry, at: entryPath)
            case "risk_points": riskPoints = score(entry, at: entryPath) ?? 0
            default: unknown(entryPath)
            }
        }
        for (name, present) in [("id", id != nil), ("when", condition != nil), ("action", action != nil)]
        where !present && fields[name] == nil {
            issue(path + "." + name, "missing_field", "is required")
        }
        guard let id, let condition, let action else { return nil }
        guard let compiled = compile(condition, at: path + ".when") else { return nil }
        return CustomRule(
            id: id,
            description: description,
            condition: condition,
            action: action,
            reason: reason ?? "custom_rule_" + id,
            riskPoints: riskPoints,
            compiled: compiled
        )
    }

    mutating func compile(_ condition: JSONValue, at path: String) -> JSONLogicExpression? {
        let expression: JSONLogicExpression
        do {
            expression = try JSONLogicExpression(condition, maxDepth: Self.maximumRuleDepth)
        } catch {
            let innerPath = error.path.hasPrefix("$") ? String(error.path.dropFirst()) : error.path
            issue(path + innerPath, "jsonlogic_" + error.code, error.message)
            return nil
        }
        if expression.readsComputedVariables {
            issue(path, "unknown_signal", "reads a signal whose name is computed at run time; name signals literally")
        }
        for name in expression.variables.sorted() where !DecisionSignals.isDocumented(name) {
            issue(path, "unknown_signal", "reads \"\(name)\", which is not a documented signal")
        }
        return expression
    }

    // MARK: primitives

    mutating func object(_ value: JSONValue, at path: String) -> [String: JSONValue]? {
        guard case .object(let fields) = value else {
            issue(path, "invalid_type", "must be an object")
            return nil
        }
        return fields
    }

    mutating func bool(_ value: JSONValue, at path: String) -> Bool? {
        guard case .bool(let flag) = value else {
            issue(path, "invalid_type", "must be true or false")
            return nil
        }
        return flag
    }

    mutating func integer(_ value: JSONValue, at path: String, in range: ClosedRange<Int>) -> Int? {
        guard case .number(let number) = value, number.rounded() == number, number.magnitude < 1e9 else {
            issue(path, "invalid_type", "must be a whole number")
            return nil
        }
        guard range.contains(Int(number)) else {
            issue(path, "invalid_value", "must be between \(range.lowerBound) and \(range.upperBound)")
            return nil
        }
        return Int(number)
    }

    mutating func number(_ value: JSONValue, at path: String, in range: ClosedRange<Double>) -> Double? {
        guard case .number(let number) = value else {
            issue(path, "invalid_type", "must be a number")
            return nil
        }
        guard range.contains(number) else {
            issue(path, "invalid_value", "must be between \(range.lowerBound) and \(range.upperBound)")
            return nil
        }
        return number
    }

    mutating func fraction(_ value: JSONValue, at path: String) -> Double? { number(value, at: path, in: 0...1) }

    mutating func score(_ value: JSONValue, at path: String) -> Double? { number(value, at: path, in: 0...100) }

    mutating func text(_ value: JSONValue, at path: String, maximumLength: Int) -> String? {
        guard case .string(let string) = value else {
            issue(path, "invalid_type", "must be a string")
            return nil
        }
        guard string.count <= maximumLength else {
            issue(path, "invalid_value", "must be at most \(maximumLength) characters")
            return nil
        }
        return string
    }

    /// Ids and reason codes: what merchants' code will match on, so kept to a safe alphabet.
    mutating func identifier(_ value: JSONValue, at path: String) -> String? {
        guard let string = text(value, at: path, maximumLength: 64) else { return nil }
        let allowed =
            !string.isEmpty
            && string.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            }
        guard allowed else {
            issue(path, "invalid_value", "must use only a-z, 0-9, '_', '-' and '.'")
            return nil
        }
        return string
    }

    mutating func action(_ value: JSONValue, at path: String) -> RuleAction? {
        guard case .string(let name) = value, let action = RuleAction(rawValue: name) else {
            issue(path, "invalid_value", "must be one of reject, review, ignore")
            return nil
        }
        return action
    }

    mutating func documentTypes(_ value: JSONValue, at path: String) -> [String]? {
        guard case .array(let entries) = value else {
            issue(path, "invalid_type", "must be an array of document types")
            return nil
        }
        var types: [String] = []
        for (index, entry) in entries.enumerated() {
            guard case .string(let type) = entry, Self.documentTypes.contains(type) else {
                issue("\(path)[\(index)]", "invalid_value", "must be one of ID_FRONT, ID_BACK, PROOF_OF_ADDRESS, SELFIE")
                continue
            }
            if !types.contains(type) { types.append(type) }
        }
        if entries.isEmpty { issue(path, "invalid_value", "must name at least one document type") }
        return types
    }

    mutating func countries(_ value: JSONValue, at path: String) -> [String]? {
        guard case .array(let entries) = value else {
            issue(path, "invalid_type", "must be an array of ISO 3166-1 country codes")
            return nil
        }
        var codes: [String] = []
        for (index, entry) in entries.enumerated() {
            guard case .string(let code) = entry, let alpha3 = CountryCodes.alpha3(code) else {
                issue("\(path)[\(index)]", "invalid_value", "must be an ISO 3166-1 country code such as GB or GBR")
                continue
            }
            if !codes.contains(alpha3) { codes.append(alpha3) }
        }
        return codes
    }

    mutating func unknown(_ path: String) {
        issue(path, "unknown_field", "is not a known field")
    }

    mutating func issue(_ path: String, _ code: String, _ message: String) {
        issues.append(RuleSetIssue(path: path, code: code, message: message))
    }
}
