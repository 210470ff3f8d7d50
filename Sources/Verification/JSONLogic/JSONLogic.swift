import Base

/// Entry points for one-off rule evaluation and JSONLogic's notion of truth.
public enum JSONLogic {
    /// JSONLogic truthiness, which is JavaScript's except that an empty array is false: false are
    /// `null`, `false`, `0`, NaN, `""` and `[]`; everything else (`"0"` and `{}` included) is true.
    public static func truthy(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return false
        case .bool(let flag): return flag
        case .number(let number): return number != 0 && !number.isNaN
        case .string(let text): return !text.isEmpty
        case .array(let elements): return !elements.isEmpty
        case .object: return true
        }
    }

    /// Compiles `rule` with the default limits and applies it to `data`; compile once with
    /// `JSONLogicExpression` when the same rule runs many times.
    public static func apply(_ rule: JSONValue, data: JSONValue) throws(JSONLogicError) -> JSONValue {
        try JSONLogicExpression(rule).evaluate(data)
    }
}
