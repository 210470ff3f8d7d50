import Base

/// One node of a compiled rule, with the rule path it came from so evaluation errors can point at it.
struct JSONLogicNode: Sendable {
    let kind: Kind
    let path: String

    /// What the node does. Operators with a fixed arity get their operands as separate payloads so
    /// evaluation never builds an argument array for them.
    indirect enum Kind: Sendable {
        case literal(JSONValue)
        case array([JSONLogicNode])
        case variable(JSONLogicVariablePath, fallback: JSONLogicNode?)
        case computedVariable(name: JSONLogicNode, fallback: JSONLogicNode?)
        case missing([JSONLogicNode])
        case missingSome(needed: JSONLogicNode, names: JSONLogicNode)
        /// `if` and `?:`: condition, branch, condition, branch, …, optional else.
        case branch([JSONLogicNode])
        case and([JSONLogicNode])
        case or([JSONLogicNode])
        case truthiness(JSONLogicNode, negated: Bool)
        case equality(JSONLogicEquality, JSONLogicNode, JSONLogicNode)
        case comparison(JSONLogicComparison, JSONLogicNode, JSONLogicNode)
        /// `{"<": [a, b, c]}`: `a < b && b < c`.
        case between(JSONLogicComparison, JSONLogicNode, JSONLogicNode, JSONLogicNode)
        case fold(JSONLogicFold, [JSONLogicNode])
        case negation(JSONLogicNode)
        case arithmetic(JSONLogicArithmetic, JSONLogicNode, JSONLogicNode)
        case contains(needle: JSONLogicNode, haystack: JSONLogicNode)
        case substring(JSONLogicNode, start: JSONLogicNode, length: JSONLogicNode?)
        case iteration(JSONLogicIteration, source: JSONLogicNode, body: JSONLogicNode)
        case reduce(source: JSONLogicNode, body: JSONLogicNode, initial: JSONLogicNode?)
    }
}

/// `==`, `===`, `!=`, `!==`.
enum JSONLogicEquality: Sendable {
    case loose
    case strict
    case looseNot
    case strictNot
}

/// `<`, `<=`, `>`, `>=`.
enum JSONLogicComparison: Sendable {
    case less
    case lessOrEqual
    case greater
    case greaterOrEqual
}

/// Operators that combine any number of operands left to right.
enum JSONLogicFold: Sendable {
    case sum
    case product
    case minimum
    case maximum
    case concatenation
    case merge
}

/// Binary `-`, `/` and `%`.
enum JSONLogicArithmetic: Sendable {
    case subtract
    case divide
    case remainder
}

/// Operators that evaluate a body once per element of an array, with the element as data.
enum JSONLogicIteration: Sendable {
    case map
    case filter
    case all
    case none
    case some
}
