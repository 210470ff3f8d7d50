import Base

/// Runs a compiled rule against one data document.
///
/// Every node visited, element copied and character produced spends one unit of a work budget.
/// JSONLogic has no unbounded loops, but `reduce` can still double a value on every element
/// (`{"merge": [acc, acc]}`), so without the budget a short rule over modest data could run for years.
struct JSONLogicEvaluator {
    /// Work units left before evaluation is abandoned.
    private(set) var remainingWork: Int

    /// Data nested deeper than this is refused where it would be walked recursively (stringified or
    /// compared), matching what `JSONValue` will decode.
    static let maximumDataDepth = JSONValue.maximumDecodingDepth

    init(workLimit: Int) {
        remainingWork = workLimit
    }

    mutating func spend(_ units: Int, at path: String) throws(JSONLogicError) {
        remainingWork -= units
        guard remainingWork >= 0 else {
            throw JSONLogicError(
                code: JSONLogicError.evaluationFailed,
                path: path,
                message: "evaluation exceeded its work limit"
            )
        }
    }

    func checkDataDepth(_ depth: Int, at path: String) throws(JSONLogicError) {
        guard depth <= Self.maximumDataDepth else {
            throw JSONLogicError(
                code: JSONLogicError.evaluationFailed,
                path: path,
                message: "data nested deeper than \(Self.maximumDataDepth) levels"
            )
        }
    }

    mutating func evaluate(_ node: JSONLogicNode, _ data: JSONValue) throws(JSONLogicError) -> JSONValue {
        let path = node.path
        switch node.kind {
        case .literal(let value):
            return value
        case .array(let elements):
            try spend(elements.count, at: path)
            var values: [JSONValue] = []
            values.reserveCapacity(elements.count)
            for element in elements { values.append(try evaluate(element, data)) }
            return .array(values)
        case .variable(let variablePath, let fallback):
            try spend(1, at: path)
            if let value = variablePath.resolve(in: data) { return value }
            return try fallback.map { node throws(JSONLogicError) in try evaluate(node, data) } ?? .null
        case .computedVariable(let name, let fallback):
            try spend(1, at: path)
            if let value = try lookUp(try evaluate(name, data), in: data, at: path) { return value }
            return try fallback.map { node throws(JSONLogicError) in try evaluate(node, data) } ?? .null
        case .missing(let operands):
            try spend(1, at: path)
            var names: [JSONValue] = []
            for operand in operands { names.append(try evaluate(operand, data)) }
            if case .array(let listed) = names.first { names = listed }
            return .array(try missingNames(names, in: data, at: path))
        case .missingSome(let needed, let namesNode):
            try spend(1, at: path)
            return try missingSome(needed: needed, names: namesNode, data, at: path)
        default:
            try spend(1, at: path)
            return try evaluateOperation(node, data)
        }
    }

    /// Logic, comparison, arithmetic, string and array operations.
    private mutating func evaluateOperation(_ node: JSONLogicNode, _ data: JSONValue) throws(JSONLogicError) -> JSONValue {
        let path = node.path
        switch node.kind {
        case .branch(let operands):
            return try branch(operands, data)
        case .and(let operands):
            var current = JSONValue.null
            for operand in operands {
                current = try evaluate(operand, data)
                if !JSONLogic.truthy(current) { return current }
            }
            return current
        case .or(let operands):
            var current = JSONValue.null
            for operand in operands {
                current = try evaluate(operand, data)
                if JSONLogic.truthy(current) { return current }
            }
            return current
        case .truthiness(let operand, let negated):
            return .bool(JSONLogic.truthy(try evaluate(operand, data)) != negated)
        case .equality(let kind, let left, let right):
            return .bool(try equals(kind, try evaluate(left, data), try evaluate(right, data), at: path))
        case .comparison(let kind, let left, let right):
            return .bool(try compare(kind, try evaluate(left, data), try evaluate(right, data), at: path))
        case .between(let kind, let lower, let middle, let upper):
            let (low, mid, high) = (try evaluate(lower, data), try evaluate(middle, data), try evaluate(upper, data))
            guard try compare(kind, low, mid, at: path) else { return .bool(false) }
            return .bool(try compare(kind, mid, high, at: path))
        default:
            return try evaluateComputation(node, data)
        }
    }

    /// Arithmetic, strings and arrays.
    private mutating func evaluateComputation(_ node: JSONLogicNode, _ data: JSONValue) throws(JSONLogicError) -> JSONValue {
        let path = node.path
        switch node.kind {
        case .fold(let kind, let operands):
            return try fold(kind, operands, data, at: path)
        case .negation(let operand):
            return .number(-(try number(try evaluate(operand, data), at: path)))
        case .arithmetic(let kind, let left, let right):
            let (lhs, rhs) = (try number(try evaluate(left, data), at: path), try number(try evaluate(right, data), at: path))
            switch kind {
            case .subtract: return .number(lhs - rhs)
            case .divide: return .number(lhs / rhs)
            case .remainder: return .number(lhs.truncatingRemainder(dividingBy: rhs))
            }
        case .contains(let needle, let haystack):
            return .bool(try contains(try evaluate(needle, data), in: try evaluate(haystack, data), at: path))
        case .substring(let source, let start, let length):
            let text = try text(try evaluate(source, data), at: path)
            let from = try number(try evaluate(start, data), at: path)
            let count = try length.map { node throws(JSONLogicError) in try number(try evaluate(node, data), at: path) }
            return .string(try substring(text, start: from, length: count, at: path))
        case .iteration(let kind, let source, let body):
            return try iterate(kind, over: try evaluate(source, data), body: body, at: path)
        case .reduce(let source, let body, let initial):
            let elements = try evaluate(source, data)
            let seed = try initial.map { node throws(JSONLogicError) in try evaluate(node, data) } ?? .null
            return try reduce(elements, body: body, seed: seed, at: path)
        default:
            preconditionFailure("every JSONLogicNode.Kind is handled by evaluate or evaluateOperation")
        }
    }

    /// `if` / `?:`: the branch after the first truthy condition, else the trailing else, else null.
    private mutating func branch(_ operands: [JSONLogicNode], _ data: JSONValue) throws(JSONLogicError) -> JSONValue {
        var index = 0
        while index + 1 < operands.count {
            if JSONLogic.truthy(try evaluate(operands[index], data)) { return try evaluate(operands[index + 1], data) }
            index += 2
        }
        return index < operands.count ? try evaluate(operands[index], data) : .null
    }
}
