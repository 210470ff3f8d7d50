import Base
import Foundation
import Testing
import Verification

/// The official JSONLogic conformance cases, and how compilation refuses bad rules.
@Suite struct JSONLogicTests {
    /// The official cases, kept in the repository as a resource of this target (MIT, with its licence).
    static func conformanceFile() throws -> URL {
        try #require(Bundle.module.url(forResource: "tests", withExtension: "json", subdirectory: "jsonlogic"))
    }

    // MARK: Conformance

    @Test func passesEveryOfficialCase() throws {
        let document = try JSONValue(parsing: Data(contentsOf: try Self.conformanceFile()))
        let entries = try #require(document.arrayValue)
        var checked = 0
        var failures: [String] = []
        for entry in entries {
            guard case .array(let triple) = entry else { continue }  // section comments are strings
            try #require(triple.count == 3, "malformed case \(entry)")
            checked += 1
            do {
                let result = try JSONLogic.apply(triple[0], data: triple[1])
                if result != triple[2] {
                    failures.append(
                        "\(Self.render(triple[0])) with \(Self.render(triple[1])): expected \(Self.render(triple[2])), got \(Self.render(result))"
                    )
                }
            } catch {
                failures.append("\(Self.render(triple[0])) with \(Self.render(triple[1])): threw \(error)")
            }
        }
        #expect(checked > 250, "only \(checked) cases found")
        #expect(failures.count == 0, "failing cases:\n\(failures.joined(separator: "\n"))")
    }

    /// Compact JSON text for failure messages.
    static func render(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "\(value)" }
        return String(decoding: data, as: UTF8.self)
    }

    // MARK: Compilation errors

    @Test func unknownOperatorIsRefusedWithItsPath() {
        let rule: JSONValue = ["and": [true, [">": [["frobnicate": [1]], 2]]]]
        #expect(
            throws: JSONLogicError(code: "unknown_operator", path: "$.and[1].>[0].frobnicate", message: "unknown operator \"frobnicate\"")
        ) {
            try JSONLogicExpression(rule)
        }
    }

    @Test func awkwardOperatorNamesAreQuotedInThePath() throws {
        let error = try #require(throws: JSONLogicError.self) { try JSONLogicExpression(["!": ["a.b": 1]]) }
        #expect(error.path == #"$.!["a.b"]"#)
        #expect(error.code == JSONLogicError.unknownOperator)
    }

    @Test func objectsThatAreNotSingleOperationsAreRefused() throws {
        let twoKeys = try #require(throws: JSONLogicError.self) { try JSONLogicExpression(["or": [["var": "a", "cat": "b"]]]) }
        #expect(twoKeys.code == "invalid_arguments")
        #expect(twoKeys.path == "$.or[0]")
        let empty = try #require(throws: JSONLogicError.self) { try JSONLogicExpression([:]) }
        #expect(empty.code == "invalid_arguments")
        #expect(empty.path == "$")
    }

    @Test(arguments: [
        (#"{"==": [1]}"#, "$.=="), (#"{"!": []}"#, "$.!"), (#"{"substr": ["abc"]}"#, "$.substr"),
        (#"{"if": [true, {"map": [[1], true, 3]}]}"#, "$.if[1].map"), (#"{"max": []}"#, "$.max"),
        (#"{"missing_some": [1]}"#, "$.missing_some"),
        (#"{"var": ["a", 1, 2]}"#, "$.var"), (#"{"and": []}"#, "$.and"),
    ])
    func wrongOperandCountsAreRefused(rule: String, path: String) throws {
        let error = try #require(throws: JSONLogicError.self) { try JSONLogicExpression(JSONValue(parsing: Data(rule.utf8))) }
        #expect(error.code == JSONLogicError.invalidArguments)
        #expect(error.path == path)
    }

    // MARK: Depth

    /// `{"!": [{"!": [ … seed … ]}]}`, `levels` operations deep.
    static func nested(_ levels: Int, around seed: JSONValue = true) -> JSONValue {
        var rule = seed
        for _ in 0..<levels { rule = ["!": [rule]] }
        return rule
    }

    /// Releases a value built by `nested` one level at a time; letting it go all at once would recurse
    /// once per level in the value's own destructor.
    static func dismantle(_ value: inout JSONValue) {
        while case .object(let members) = value, let operand = members.first?.value.arrayValue?.first {
            value = operand
        }
        value = .null
    }

    @Test func nestingWithinTheLimitCompilesAndBeyondItIsTooDeep() throws {
        let fits = Self.nested(8)
        #expect(try JSONLogicExpression(fits, maxDepth: 8).evaluate(nil) == true)
        let error = try #require(throws: JSONLogicError.self) { try JSONLogicExpression(Self.nested(9), maxDepth: 8) }
        #expect(error.code == JSONLogicError.tooDeep)
        #expect(error.path == "$" + String(repeating: ".![0]", count: 8))
    }

    @Test func arrayLiteralsCountTowardsDepth() throws {
        var value: JSONValue = 1
        for _ in 0..<5 { value = [value] }
        #expect(try JSONLogicExpression(value, maxDepth: 5).evaluate(nil) == value)
        #expect(throws: JSONLogicError.self) { try JSONLogicExpression(value, maxDepth: 4) }
    }

    @Test func aRuleNestedAHundredThousandDeepIsRefusedWithoutRecursingIntoIt() throws {
        var rule = Self.nested(100_000)
        defer { Self.dismantle(&rule) }
        let error = try #require(throws: JSONLogicError.self) { try JSONLogicExpression(rule) }
        #expect(error.code == JSONLogicError.tooDeep)
        let unlimited = try #require(throws: JSONLogicError.self) { try JSONLogicExpression(rule, maxDepth: .max) }
        #expect(unlimited.code == JSONLogicError.tooDeep)
        #expect(unlimited.path.count(where: { $0 == "!" }) == JSONLogicExpression.depthCeiling)
    }

    @Test func theDeepestAcceptedRuleEvaluatesOverTheDeepestAcceptedData() throws {
        let ceiling = JSONLogicExpression.depthCeiling
        let rule = Self.nested(ceiling - 2, around: ["cat": [["var": "deep"]]])
        var deep: JSONValue = 1
        for _ in 0..<(JSONValue.maximumDecodingDepth - 1) { deep = [deep] }
        let expression = try JSONLogicExpression(rule, maxDepth: .max)
        #expect(try expression.evaluate(["deep": deep]) == true)
        #expect(throws: JSONLogicError.self) { try expression.evaluate(["deep": [[deep]]]) }
    }

    // MARK: Variables

    @Test func variablesListsTheTopLevelNamesRead() throws {
        let rule: JSONValue = [
            "and": [
                [">=": [["var": "applicant.age"], 18]],
                ["in": [["var": ["document.country", "FR"]], ["FR", "BE"]]],
                ["!": ["missing": ["selfie", "liveness.score"]]],
                ["missing_some": [1, ["phone", "email"]]],
                ["all": [["var": "checks"], ["==": [["var": "status"], "passed"]]]],
                ["reduce": [["var": "scores"], ["+": [["var": "current"], ["var": "accumulator"]]], ["var": "bonus"]]],
                ["==": [["var": ""], ["var": 0]]],
            ]
        ]
        let expression = try JSONLogicExpression(rule)
        #expect(
            expression.variables == [
                "applicant.age", "document.country", "selfie", "liveness.score", "phone", "email", "checks", "scores", "bonus", "0",
            ]
        )
        #expect(!expression.readsComputedVariables)
    }

    @Test func computedNamesAreFlagged() throws {
        let expression = try JSONLogicExpression(["var": ["cat": ["document.", ["var": "side"]]]])
        #expect(expression.variables == ["side"])
        #expect(expression.readsComputedVariables)
        let missing = try JSONLogicExpression(["missing": ["merge": ["a", "b"]]])
        #expect(missing.readsComputedVariables)
        #expect(try missing.evaluate(["a": 1]) == ["b"])
    }

    // MARK: Evaluation errors

    @Test func exponentialGrowthExhaustsTheWorkLimit() throws {
        let doubling: JSONValue = [
            "reduce": [["var": "steps"], ["merge": [["var": "accumulator"], ["var": "accumulator"]]], [1]]
        ]
        let steps = JSONValue.array(Array(repeating: 0, count: 64))
        let expression = try JSONLogicExpression(doubling)
        let error = try #require(throws: JSONLogicError.self) { try expression.evaluate(["steps": steps]) }
        #expect(error.code == JSONLogicError.evaluationFailed)
        #expect(error.path == "$.reduce[1].merge")
        #expect(try expression.evaluate(["steps": [0, 0, 0]]) == .array(Array(repeating: 1, count: 8)))
    }

    @Test func sharedNestingThatWouldStringifyExponentiallyExhaustsTheWorkLimit() throws {
        let nesting: JSONValue = [
            "cat": [["reduce": [["var": "steps"], [["var": "accumulator"], ["var": "accumulator"]], "x"]]]
        ]
        let steps = JSONValue.array(Array(repeating: 0, count: 60))
        let error = try #require(throws: JSONLogicError.self) { try JSONLogicExpression(nesting).evaluate(["steps": steps]) }
        #expect(error.code == JSONLogicError.evaluationFailed)
    }

    @Test func descriptionNamesCodeAndPath() {
        let error = JSONLogicError(code: "too_deep", path: "$.and[0]", message: "the rule nests deeper than 1 levels")
        #expect(error.description == "too_deep at $.and[0]: the rule nests deeper than 1 levels")
    }
}
