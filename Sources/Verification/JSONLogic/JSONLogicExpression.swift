import Base

/// A JSONLogic rule compiled once: operators resolved, shape checked, depth bounded.
///
/// Compiling refuses unknown operators, objects that are not single-operator operations, wrong
/// operand counts and nesting beyond `maxDepth`, each with the JSON path of the offending part.
/// Evaluation then walks a tree of resolved nodes and cannot loop: its cost is bounded by the rule,
/// the data and `workLimit`.
public struct JSONLogicExpression: Sendable {
    /// The highest `maxDepth` honoured; compilation and evaluation recurse once per level, so this
    /// keeps both well inside a thread's stack whatever the caller asks for.
    public static let depthCeiling = 256

    private let root: JSONLogicNode
    private let workLimit: Int
    /// The data names the rule reads from its top-level data through literal `var`, `missing` and
    /// `missing_some` operands, for checking against a documented list of signals.
    ///
    /// Names read inside `map`, `filter`, `reduce`, `all`, `none` and `some` bodies refer to array
    /// elements and are not listed; `""` (the whole data) is not a name.
    public let variables: Set<String>
    /// Whether some name is computed at evaluation time (`{"var": {"cat": …}}`), so `variables` may
    /// not list every name the rule reads.
    public let readsComputedVariables: Bool

    /// Compiles `rule`.
    ///
    /// - Parameters:
    ///   - maxDepth: the deepest nesting of operations and arrays accepted, capped at `depthCeiling`.
    ///   - workLimit: how many units of work (nodes visited, elements and characters produced) one
    ///     evaluation may spend before failing with `evaluation_failed`.
    public init(_ rule: JSONValue, maxDepth: Int = 64, workLimit: Int = 1_000_000) throws(JSONLogicError) {
        var compiler = JSONLogicCompiler(maxDepth: min(maxDepth, Self.depthCeiling))
        root = try compiler.compileRule(rule)
        variables = compiler.variables
        readsComputedVariables = compiler.readsComputedVariables
        self.workLimit = workLimit
    }

    /// Applies the rule to `data`.
    public func evaluate(_ data: JSONValue) throws(JSONLogicError) -> JSONValue {
        var evaluator = JSONLogicEvaluator(workLimit: workLimit)
        return try evaluator.evaluate(root, data)
    }

    /// Applies the rule to `data`, spending from `budget` as well as from the rule's own limit:
    /// the evaluation fails with `evaluation_failed` when either runs out, and `budget` is left
    /// exhausted when it was the one that did.
    public func evaluate(_ data: JSONValue, budget: inout JSONLogicBudget) throws(JSONLogicError) -> JSONValue {
        let limit = min(workLimit, budget.remaining)
        var evaluator = JSONLogicEvaluator(workLimit: limit)
        do throws(JSONLogicError) {
            let value = try evaluator.evaluate(root, data)
            budget.spend(limit - evaluator.remainingWork)
            return value
        } catch {
            budget.spend(min(limit, limit - evaluator.remainingWork))
            throw error
        }
    }
}
