import Base

/// Turns a rule into a tree of `JSONLogicNode`s, checking its shape on the way and noting which
/// data names it reads.
///
/// Recursion follows the rule's nesting, and every container checks its depth before its children are
/// visited, so a hostile rule costs at most `maxDepth` stack frames however deep it is.
struct JSONLogicCompiler {
    let maxDepth: Int
    /// Literal `var`, `missing` and `missing_some` names read from the top-level data.
    private(set) var variables: Set<String> = []
    /// Whether some top-level name is computed at evaluation time, and so absent from `variables`.
    private(set) var readsComputedVariables = false

    init(maxDepth: Int) {
        self.maxDepth = maxDepth
    }

    /// Where the compiler is in the rule.
    struct Position {
        let path: String
        let depth: Int
        /// Inside the body of `map`, `filter`, `reduce`, `all`, `none` or `some`, where `var` reads
        /// the current element rather than the top-level data.
        let scoped: Bool
    }

    mutating func compileRule(_ rule: JSONValue) throws(JSONLogicError) -> JSONLogicNode {
        try compile(rule, at: Position(path: "$", depth: 1, scoped: false))
    }

    mutating func compile(_ value: JSONValue, at position: Position) throws(JSONLogicError) -> JSONLogicNode {
        switch value {
        case .array(let elements):
            try checkDepth(position)
            var nodes: [JSONLogicNode] = []
            nodes.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                nodes.append(try compile(element, at: position.element(index)))
            }
            return JSONLogicNode.arrayOrLiteral(nodes, path: position.path)
        case .object(let members):
            try checkDepth(position)
            guard members.count == 1, let (key, argument) = members.first else {
                throw JSONLogicError(
                    code: JSONLogicError.invalidArguments,
                    path: position.path,
                    message: "an operation is an object with exactly one key, found \(members.count)"
                )
            }
            guard let op = JSONLogicOperator(rawValue: key) else {
                throw JSONLogicError(
                    code: JSONLogicError.unknownOperator,
                    path: JSONLogicRulePath.member(of: position.path, named: key),
                    message: "unknown operator \(JSONLogicRulePath.quoted(key))"
                )
            }
            let operands = JSONLogicOperands(argument, operatorPath: position.path + "." + key, position: position)
            guard op.arity.contains(operands.count) else {
                throw JSONLogicError(
                    code: JSONLogicError.invalidArguments,
                    path: operands.operatorPath,
                    message: "\"\(key)\" takes \(op.arityDescription) operand(s), found \(operands.count)"
                )
            }
            return try compileOperation(op, operands)
        default:
            return JSONLogicNode(kind: .literal(value), path: position.path)
        }
    }

    private func checkDepth(_ position: Position) throws(JSONLogicError) {
        guard position.depth <= maxDepth else {
            throw JSONLogicError(
                code: JSONLogicError.tooDeep,
                path: position.path,
                message: "the rule nests deeper than \(maxDepth) levels"
            )
        }
    }

    /// Compiles operand `index`, optionally as an iteration body.
    mutating func operand(_ operands: JSONLogicOperands, _ index: Int, scoped: Bool = false) throws(JSONLogicError) -> JSONLogicNode {
        try compile(operands.values[index], at: operands.position(index, scoped: scoped))
    }

    /// Compiles every operand in the enclosing scope.
    mutating func allOperands(_ operands: JSONLogicOperands) throws(JSONLogicError) -> [JSONLogicNode] {
        var nodes: [JSONLogicNode] = []
        nodes.reserveCapacity(operands.count)
        for index in 0..<operands.count { nodes.append(try operand(operands, index)) }
        return nodes
    }

    /// Operand `index` if present.
    mutating func optionalOperand(_ operands: JSONLogicOperands, _ index: Int) throws(JSONLogicError) -> JSONLogicNode? {
        index < operands.count ? try operand(operands, index) : nil
    }

    /// Records a name read from the top-level data; names read inside an iteration body refer to the
    /// element and are not the rule's inputs.
    mutating func noteName(_ name: JSONValue, scoped: Bool) {
        guard !scoped else { return }
        switch name {
        case .string(let text):
            if !text.isEmpty { variables.insert(text) }
        case .number(let number):
            variables.insert(JSONLogicNumberText.format(number))
        case .array(let names):
            for element in names { noteName(element, scoped: scoped) }
        case .null, .bool:
            return
        case .object:
            readsComputedVariables = true
        }
    }

    /// Records that a top-level name is only known at evaluation time.
    mutating func noteComputedName(scoped: Bool) {
        if !scoped { readsComputedVariables = true }
    }
}

extension JSONLogicCompiler.Position {
    /// The position of element `index` of an array at this position.
    func element(_ index: Int) -> JSONLogicCompiler.Position {
        JSONLogicCompiler.Position(path: path + "[\(index)]", depth: depth + 1, scoped: scoped)
    }
}

extension JSONLogicNode {
    /// An array whose elements are all literals is itself a literal, so it is not rebuilt on every evaluation.
    static func arrayOrLiteral(_ nodes: [JSONLogicNode], path: String) -> JSONLogicNode {
        var values: [JSONValue] = []
        values.reserveCapacity(nodes.count)
        for node in nodes {
            guard case .literal(let value) = node.kind else { return JSONLogicNode(kind: .array(nodes), path: path) }
            values.append(value)
        }
        return JSONLogicNode(kind: .literal(.array(values)), path: path)
    }
}

/// An operator's operands as written: an array, or a single non-array value standing for a one-element list.
struct JSONLogicOperands {
    let values: [JSONValue]
    let operatorPath: String
    /// Whether the operands were written as an array, which decides how their paths read.
    let listed: Bool
    let enclosing: JSONLogicCompiler.Position

    init(_ argument: JSONValue, operatorPath: String, position: JSONLogicCompiler.Position) {
        if case .array(let elements) = argument {
            values = elements
            listed = true
        } else {
            values = [argument]
            listed = false
        }
        self.operatorPath = operatorPath
        enclosing = position
    }

    var count: Int { values.count }

    /// Where operand `index` sits: one level below the operation.
    func position(_ index: Int, scoped: Bool) -> JSONLogicCompiler.Position {
        JSONLogicCompiler.Position(
            path: listed ? operatorPath + "[\(index)]" : operatorPath,
            depth: enclosing.depth + 1,
            scoped: enclosing.scoped || scoped
        )
    }
}
