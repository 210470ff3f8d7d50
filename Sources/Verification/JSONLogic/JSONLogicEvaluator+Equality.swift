import Base

/// JavaScript's `==` and `===` over JSON values.
///
/// One deliberate difference: JavaScript compares arrays and objects by identity, which JSON values
/// do not have, so two arrays or two objects are equal here when their contents are strictly equal.
extension JSONLogicEvaluator {
    mutating func equals(_ kind: JSONLogicEquality, _ left: JSONValue, _ right: JSONValue, at path: String) throws(JSONLogicError)
        -> Bool
    {
        switch kind {
        case .loose: return try looselyEqual(left, right, at: path)
        case .strict: return try strictlyEqual(left, right, depth: 1, at: path)
        case .looseNot: return !(try looselyEqual(left, right, at: path))
        case .strictNot: return !(try strictlyEqual(left, right, depth: 1, at: path))
        }
    }

    /// `==`: null equals only null; a boolean compares as 0 or 1; a number against text compares as
    /// numbers; an array or object against a primitive compares through its text.
    private mutating func looselyEqual(_ left: JSONValue, _ right: JSONValue, at path: String) throws(JSONLogicError) -> Bool {
        switch (left, right) {
        case (.null, .null): return true
        case (.null, _), (_, .null): return false
        case (.bool(let flag), _): return try looselyEqual(.number(flag ? 1 : 0), right, at: path)
        case (_, .bool(let flag)): return try looselyEqual(left, .number(flag ? 1 : 0), at: path)
        case (.number(let lhs), .number(let rhs)): return lhs == rhs
        case (.string(let lhs), .string(let rhs)): return Self.sameText(lhs, rhs)
        case (.number(let lhs), .string(let rhs)): return lhs == JSONLogicNumberText.number(from: rhs)
        case (.string(let lhs), .number(let rhs)): return JSONLogicNumberText.number(from: lhs) == rhs
        case (.array, .array), (.object, .object), (.array, .object), (.object, .array):
            return try strictlyEqual(left, right, depth: 1, at: path)
        case (.array, _), (.object, _): return try looselyEqual(try primitive(left, at: path), right, at: path)
        case (_, .array), (_, .object): return try looselyEqual(left, try primitive(right, at: path), at: path)
        }
    }

    /// `===`: same type and same value; NaN equals nothing.
    mutating func strictlyEqual(_ left: JSONValue, _ right: JSONValue, depth: Int, at path: String) throws(JSONLogicError) -> Bool {
        switch (left, right) {
        case (.null, .null): return true
        case (.bool(let lhs), .bool(let rhs)): return lhs == rhs
        case (.number(let lhs), .number(let rhs)): return lhs == rhs
        case (.string(let lhs), .string(let rhs)): return Self.sameText(lhs, rhs)
        case (.array(let lhs), .array(let rhs)):
            guard lhs.count == rhs.count else { return false }
            try checkDataDepth(depth, at: path)
            try spend(lhs.count, at: path)
            for (lhsElement, rhsElement) in zip(lhs, rhs) {
                guard try strictlyEqual(lhsElement, rhsElement, depth: depth + 1, at: path) else { return false }
            }
            return true
        case (.object(let lhs), .object(let rhs)):
            guard lhs.count == rhs.count else { return false }
            try checkDataDepth(depth, at: path)
            try spend(lhs.count, at: path)
            for (key, lhsMember) in lhs {
                guard let rhsMember = rhs[key], try strictlyEqual(lhsMember, rhsMember, depth: depth + 1, at: path) else { return false }
            }
            return true
        default: return false
        }
    }

    /// JavaScript compares strings by code units, not by Unicode canonical equivalence as Swift's `==`
    /// does; equal UTF-8 bytes mean equal UTF-16 code units.
    static func sameText(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.count == rhs.utf8.count && lhs.utf8.elementsEqual(rhs.utf8)
    }
}
