import Base

extension JSONLogicCompiler {
    /// Builds the node for one operation whose operand count is already known to be acceptable.
    mutating func compileOperation(_ op: JSONLogicOperator, _ operands: JSONLogicOperands) throws(JSONLogicError) -> JSONLogicNode {
        let kind: JSONLogicNode.Kind
        switch op {
        case .variable:
            kind = try compileVariable(operands)
        case .missing:
            for value in operands.values { noteName(value, scoped: operands.enclosing.scoped) }
            kind = .missing(try allOperands(operands))
        case .missingSome:
            noteName(operands.values[1], scoped: operands.enclosing.scoped)
            kind = .missingSome(needed: try operand(operands, 0), names: try operand(operands, 1))
        case .conditional, .ternary:
            kind = .branch(try allOperands(operands))
        case .and:
            kind = .and(try allOperands(operands))
        case .or:
            kind = .or(try allOperands(operands))
        case .not, .truthy:
            kind = .truthiness(try operand(operands, 0), negated: op == .not)
        case .log:
            return try operand(operands, 0)
        case .looseEqual, .strictEqual, .looseNotEqual, .strictNotEqual:
            kind = .equality(Self.equality(op), try operand(operands, 0), try operand(operands, 1))
        case .greater, .greaterOrEqual, .less, .lessOrEqual:
            kind = try compileComparison(op, operands)
        case .sum, .product, .min, .max, .concatenate, .merge:
            kind = .fold(Self.fold(op), try allOperands(operands))
        case .difference, .quotient, .remainder:
            kind = try compileArithmetic(op, operands)
        case .contains:
            kind = .contains(needle: try operand(operands, 0), haystack: try operand(operands, 1))
        case .substring:
            kind = .substring(try operand(operands, 0), start: try operand(operands, 1), length: try optionalOperand(operands, 2))
        case .map, .filter, .all, .none, .some:
            let source = try operand(operands, 0)
            kind = .iteration(Self.iteration(op), source: source, body: try operand(operands, 1, scoped: true))
        case .reduce:
            let source = try operand(operands, 0)
            let body = try operand(operands, 1, scoped: true)
            kind = .reduce(source: source, body: body, initial: try optionalOperand(operands, 2))
        }
        return JSONLogicNode(kind: kind, path: operands.operatorPath)
    }

    /// A literal name is split once here; any other name is evaluated and split on every evaluation.
    private mutating func compileVariable(_ operands: JSONLogicOperands) throws(JSONLogicError) -> JSONLogicNode.Kind {
        guard operands.count > 0 else { return .variable(JSONLogicVariablePath(""), fallback: nil) }
        let fallback = try optionalOperand(operands, 1)
        let scoped = operands.enclosing.scoped
        switch operands.values[0] {
        case .null:
            return .variable(JSONLogicVariablePath(""), fallback: fallback)
        case .bool(let flag):
            let name = flag ? "true" : "false"
            noteName(.string(name), scoped: scoped)
            return .variable(JSONLogicVariablePath(name), fallback: fallback)
        case .number(let number):
            noteName(.number(number), scoped: scoped)
            return .variable(JSONLogicVariablePath(JSONLogicNumberText.format(number)), fallback: fallback)
        case .string(let name):
            noteName(.string(name), scoped: scoped)
            return .variable(JSONLogicVariablePath(name), fallback: fallback)
        case .array, .object:
            noteComputedName(scoped: scoped)
            return .computedVariable(name: try operand(operands, 0), fallback: fallback)
        }
    }

    private mutating func compileComparison(_ op: JSONLogicOperator, _ operands: JSONLogicOperands) throws(JSONLogicError)
        -> JSONLogicNode.Kind
    {
        let comparison: JSONLogicComparison
        switch op {
        case .greater: comparison = .greater
        case .greaterOrEqual: comparison = .greaterOrEqual
        case .less: comparison = .less
        default: comparison = .lessOrEqual
        }
        let lower = try operand(operands, 0)
        let middle = try operand(operands, 1)
        guard operands.count == 3 else { return .comparison(comparison, lower, middle) }
        return .between(comparison, lower, middle, try operand(operands, 2))
    }

    private mutating func compileArithmetic(_ op: JSONLogicOperator, _ operands: JSONLogicOperands) throws(JSONLogicError)
        -> JSONLogicNode.Kind
    {
        let left = try operand(operands, 0)
        switch op {
        case .difference:
            guard operands.count == 2 else { return .negation(left) }
            return .arithmetic(.subtract, left, try operand(operands, 1))
        case .quotient:
            return .arithmetic(.divide, left, try operand(operands, 1))
        default:
            return .arithmetic(.remainder, left, try operand(operands, 1))
        }
    }

    private static func equality(_ op: JSONLogicOperator) -> JSONLogicEquality {
        switch op {
        case .looseEqual: return .loose
        case .strictEqual: return .strict
        case .looseNotEqual: return .looseNot
        default: return .strictNot
        }
    }

    private static func fold(_ op: JSONLogicOperator) -> JSONLogicFold {
        switch op {
        case .sum: return .sum
        case .product: return .product
        case .min: return .minimum
        case .max: return .maximum
        case .concatenate: return .concatenation
        default: return .merge
        }
    }

    private static func iteration(_ op: JSONLogicOperator) -> JSONLogicIteration {
        switch op {
        case .map: return .map
        case .filter: return .filter
        case .all: return .all
        case .none: return .none
        default: return .some
        }
    }
}
