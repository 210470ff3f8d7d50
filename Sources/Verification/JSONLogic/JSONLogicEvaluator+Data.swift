import Base

/// `var`, `missing` and `missing_some`: reading the data by name.
extension JSONLogicEvaluator {
    /// The value named by an evaluated `var` operand: null and `""` name the data itself, anything
    /// else is turned into text and split on dots. Nil when absent.
    mutating func lookUp(_ name: JSONValue, in data: JSONValue, at path: String) throws(JSONLogicError) -> JSONValue? {
        switch name {
        case .null: return data
        case .string(let text): return JSONLogicVariablePath(text).resolve(in: data)
        default: return JSONLogicVariablePath(try text(name, at: path)).resolve(in: data)
        }
    }

    /// The names whose value is absent, null or empty text, in the order given.
    mutating func missingNames(_ names: [JSONValue], in data: JSONValue, at path: String) throws(JSONLogicError) -> [JSONValue] {
        try spend(names.count, at: path)
        var missing: [JSONValue] = []
        for name in names {
            switch try lookUp(name, in: data, at: path) {
            case nil, .null?, .string("")?: missing.append(name)
            default: continue
            }
        }
        return missing
    }

    /// `missing_some`: nothing when at least `needed` of the names are present, else all the missing ones.
    mutating func missingSome(needed: JSONLogicNode, names: JSONLogicNode, _ data: JSONValue, at path: String)
        throws(JSONLogicError) -> JSONValue
    {
        let minimum = try number(try evaluate(needed, data), at: path)
        let listed = try evaluate(names, data)
        let candidates: [JSONValue]
        if case .array(let elements) = listed { candidates = elements } else { candidates = [listed] }
        let missing = try missingNames(candidates, in: data, at: path)
        return Double(candidates.count - missing.count) >= minimum ? .array([]) : .array(missing)
    }
}
