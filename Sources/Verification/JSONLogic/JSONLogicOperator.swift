/// The operators of jsonlogic.com/operations.html, and how many operands each accepts.
///
/// JavaScript's reference implementation ignores surplus operands and treats missing ones as
/// `undefined`; here a wrong count is refused at compile time, since it is almost always a mistake
/// in the rule rather than an intent.
enum JSONLogicOperator: String, Sendable, CaseIterable {
    case variable = "var"
    case missing
    case missingSome = "missing_some"
    case conditional = "if"
    case ternary = "?:"
    case looseEqual = "=="
    case strictEqual = "==="
    case looseNotEqual = "!="
    case strictNotEqual = "!=="
    case not = "!"
    case truthy = "!!"
    case or
    case and
    case greater = ">"
    case greaterOrEqual = ">="
    case less = "<"
    case lessOrEqual = "<="
    case max
    case min
    case sum = "+"
    case difference = "-"
    case product = "*"
    case quotient = "/"
    case remainder = "%"
    case map
    case reduce
    case filter
    case all
    case none
    case some
    case merge
    case contains = "in"
    case concatenate = "cat"
    case substring = "substr"
    case log

    /// The operand counts the operator accepts.
    var arity: ClosedRange<Int> {
        switch self {
        case .variable: return 0...2
        case .missing, .conditional, .ternary, .sum, .merge, .concatenate: return 0...Int.max
        case .or, .and, .max, .min, .product: return 1...Int.max
        case .not, .truthy, .log: return 1...1
        case .difference: return 1...2
        case .less, .lessOrEqual, .substring, .reduce: return 2...3
        case .missingSome, .looseEqual, .strictEqual, .looseNotEqual, .strictNotEqual, .greater, .greaterOrEqual, .quotient,
            .remainder, .map, .filter, .all, .none, .some, .contains:
            return 2...2
        }
    }

    /// How `arity` reads in an error message.
    var arityDescription: String {
        let range = arity
        if range.upperBound == Int.max { return "at least \(range.lowerBound)" }
        if range.lowerBound == range.upperBound { return "exactly \(range.lowerBound)" }
        return "\(range.lowerBound) to \(range.upperBound)"
    }
}
