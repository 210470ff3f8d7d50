/// Why a JSONLogic rule could not be compiled or evaluated, and where in the rule.
public struct JSONLogicError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable machine-readable reason: one of the `static let` codes below.
    public var code: String
    /// Where in the rule it happened, as a JSON path such as `$.and[1].>[0]`.
    public var path: String
    /// A human-readable explanation.
    public var message: String

    /// Creates an error.
    public init(code: String, path: String, message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    /// An object whose single key is not a JSONLogic operator.
    public static let unknownOperator = "unknown_operator"
    /// The rule nests deeper than the expression allows.
    public static let tooDeep = "too_deep"
    /// An operator was given the wrong number or kind of arguments, or an object was not an operation.
    public static let invalidArguments = "invalid_arguments"
    /// Evaluation exceeded its work budget or met data it cannot process safely.
    public static let evaluationFailed = "evaluation_failed"

    /// `code at path: message`, for logs.
    public var description: String { "\(code) at \(path): \(message)" }
}
