import Base

/// JavaScript's type conversions, which JSONLogic inherits from its reference implementation.
///
/// Conversions that walk arrays (an array becomes the text of its elements joined by commas) spend
/// work and check depth, because an array built inside `reduce` can be exponentially large.
extension JSONLogicEvaluator {
    /// `String(value)`.
    mutating func text(_ value: JSONValue, at path: String) throws(JSONLogicError) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return JSONLogicNumberText.format(number)
        case .string(let text): return text
        case .array(let elements): return try joined(elements, depth: 1, at: path)
        case .object: return "[object Object]"
        }
    }

    /// `Array.prototype.join(",")`, where `null` elements contribute nothing.
    private mutating func joined(_ elements: [JSONValue], depth: Int, at path: String) throws(JSONLogicError) -> String {
        try checkDataDepth(depth, at: path)
        try spend(elements.count, at: path)
        var result = ""
        for (index, element) in elements.enumerated() {
            if index > 0 { result += "," }
            let part: String
            switch element {
            case .null: continue
            case .array(let inner): part = try joined(inner, depth: depth + 1, at: path)
            default: part = try text(element, at: path)
            }
            try spend(part.utf8.count, at: path)
            result += part
        }
        return result
    }

    /// `ToPrimitive`: arrays and objects become their text; everything else is already primitive.
    mutating func primitive(_ value: JSONValue, at path: String) throws(JSONLogicError) -> JSONValue {
        switch value {
        case .array, .object: return .string(try text(value, at: path))
        default: return value
        }
    }

    /// `Number(value)`: null is 0, booleans 0 and 1, text must be a whole number literal (else NaN).
    mutating func number(_ value: JSONValue, at path: String) throws(JSONLogicError) -> Double {
        switch value {
        case .null: return 0
        case .bool(let flag): return flag ? 1 : 0
        case .number(let number): return number
        case .string(let text): return JSONLogicNumberText.number(from: text)
        case .array: return JSONLogicNumberText.number(from: try text(value, at: path))
        case .object: return .nan
        }
    }

    /// `parseFloat(value)`, which `+` and `*` use: the leading number in the text, so `"3kg"` is 3 and
    /// `true` is NaN.
    mutating func parsedFloat(_ value: JSONValue, at path: String) throws(JSONLogicError) -> Double {
        switch value {
        case .number(let number): return number
        case .string(let text): return JSONLogicNumberText.parseFloat(text)
        case .array: return JSONLogicNumberText.parseFloat(try text(value, at: path))
        case .null, .bool, .object: return .nan
        }
    }

    /// `<`, `<=`, `>` and `>=` through JavaScript's abstract relational comparison.
    mutating func compare(_ kind: JSONLogicComparison, _ left: JSONValue, _ right: JSONValue, at path: String) throws(JSONLogicError)
        -> Bool
    {
        switch kind {
        case .less: return try precedes(left, right, at: path) == true
        case .greater: return try precedes(right, left, at: path) == true
        case .lessOrEqual: return try precedes(right, left, at: path) == false
        case .greaterOrEqual: return try precedes(left, right, at: path) == false
        }
    }

    /// Whether `left < right`, or nil when either side is NaN (so `<=` and `>=` are false too).
    /// Two texts compare by UTF-16 code units; anything else compares as numbers.
    private mutating func precedes(_ left: JSONValue, _ right: JSONValue, at path: String) throws(JSONLogicError) -> Bool? {
        if case .number(let lhs) = left, case .number(let rhs) = right {
            return lhs.isNaN || rhs.isNaN ? nil : lhs < rhs
        }
        let (lhsPrimitive, rhsPrimitive) = (try primitive(left, at: path), try primitive(right, at: path))
        if case .string(let lhs) = lhsPrimitive, case .string(let rhs) = rhsPrimitive {
            return lhs.utf16.lexicographicallyPrecedes(rhs.utf16)
        }
        let (lhs, rhs) = (try number(lhsPrimitive, at: path), try number(rhsPrimitive, at: path))
        return lhs.isNaN || rhs.isNaN ? nil : lhs < rhs
    }
}
