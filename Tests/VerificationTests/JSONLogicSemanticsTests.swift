import Base
import Foundation
import Testing
import Verification

/// JavaScript behaviours beyond the official cases: coercion, number text, edge operands.
@Suite struct JSONLogicSemanticsTests {
    static func apply(_ rule: JSONValue, _ data: JSONValue = nil) throws -> JSONValue {
        try JSONLogic.apply(rule, data: data)
    }

    /// Cases are written as JSON text: Swift literals of mixed JSON types type-check too slowly in bulk.
    static func json(_ text: String) throws -> JSONValue {
        try JSONValue(parsing: Data(text.utf8))
    }

    /// Applies the rule written as JSON to the data written as JSON.
    static func apply(json rule: String, data: String = "null") throws -> JSONValue {
        try JSONLogic.apply(json(rule), data: json(data))
    }

    @Test(arguments: [
        ("1", "1"), ("3.14", "3.14"), ("-0.5", "-0.5"), ("0.30000000000000004", "0.30000000000000004"), ("1e21", "1e+21"),
        ("1e20", "100000000000000000000"), ("1.5e-7", "1.5e-7"), ("0.000001", "0.000001"),
        ("123456789012345680", "123456789012345680"), ("-1e-7", "-1e-7"), ("2.5e25", "2.5e+25"), ("true", "true"), ("null", ""),
        (#"["a", null, 2, [3, 4]]"#, "a,,2,3,4"), (#"{"k": 1}"#, "[object Object]"),
    ])
    func catWritesValuesLikeJavaScript(value: String, text: String) throws {
        #expect(try Self.apply(["cat": [["var": "v"]]], ["v": Self.json(value)]) == .string(text))
    }

    @Test func nonFiniteNumbersHaveJavaScriptNames() throws {
        #expect(try Self.apply(json: #"{"cat": [{"/": [1, 0]}, " ", {"/": [-1, 0]}, " ", {"+": "x"}]}"#) == "Infinity -Infinity NaN")
    }

    @Test(arguments: [
        (#"{"==": [0, false]}"#, true), (#"{"==": [null, 0]}"#, false), (#"{"==": [null, null]}"#, true), (#"{"==": ["", 0]}"#, true),
        (#"{"==": [" 12 ", 12]}"#, true), (#"{"==": ["0x10", 16]}"#, true), (#"{"==": ["1e3", 1000]}"#, true),
        (#"{"==": ["12px", 12]}"#, false), (#"{"==": [[1], 1]}"#, true), (#"{"==": [["a", "b"], "a,b"]}"#, true),
        (#"{"==": [[], false]}"#, true), (#"{"==": [true, "1"]}"#, true), (#"{"==": [{"+": "no"}, {"+": "no"}]}"#, false),
        (#"{"===": [[1, [2]], [1, [2]]]}"#, true), (#"{"===": [[{"var": "a"}], [{"var": "b"}]]}"#, false), (#"{"!==": [1, 1.0]}"#, false),
        (#"{"!=": ["a", "b"]}"#, true), (#"{"==": ["e\u0301", "\u00e9"]}"#, false), (#"{"==": ["-0x10", -16]}"#, false),
    ])
    func equalityFollowsJavaScript(rule: String, expected: Bool) throws {
        #expect(try Self.apply(json: rule, data: #"{"a": 1, "b": 2}"#) == .bool(expected))
    }

    @Test(arguments: [
        (#"{"<": ["10", "9"]}"#, true), (#"{"<": ["10", 9]}"#, false), (#"{"<": [null, 1]}"#, true), (#"{">": ["a", 1]}"#, false),
        (#"{"<=": ["a", 1]}"#, false), (#"{">=": [[], 0]}"#, true), (#"{"<": ["B", "a"]}"#, true), (#"{"<=": [1, 1, 1]}"#, true),
        (#"{"<": [1, "x", 3]}"#, false), (#"{"<": ["\uffff", "\ud83d\ude00"]}"#, false), (#"{">": [[10], [9]]}"#, false),
    ])
    func comparisonFollowsJavaScript(rule: String, expected: Bool) throws {
        #expect(try Self.apply(json: rule) == .bool(expected))
    }

    @Test(arguments: [
        (#"{"+": ["3.5kg", "1"]}"#, 4.5), (#"{"+": []}"#, 0), (#"{"*": ["2", " 4 "]}"#, 8), (#"{"-": ["5", 2]}"#, 3),
        (#"{"-": ["7"]}"#, -7),
        (#"{"%": [-7, 3]}"#, -1), (#"{"/": [1, 4]}"#, 0.25), (#"{"max": [1, "7", 3]}"#, 7), (#"{"min": [-1, null]}"#, -1),
        (#"{"*": [2]}"#, 2), (#"{"+": [".5", "5."]}"#, 5.5), (#"{"-": [" 0b101 ", "0o7"]}"#, -2),
    ])
    func arithmeticCoercesLikeJavaScript(rule: String, expected: Double) throws {
        #expect(try Self.apply(json: rule) == .number(expected))
    }

    @Test func notANumberPropagates() throws {
        #expect(try Self.apply(["+": [true, 1]]).doubleValue?.isNaN == true)
        #expect(try Self.apply(["max": [1, "x"]]).doubleValue?.isNaN == true)
        #expect(try Self.apply(["-": [["var": ""], 1]], ["k": 1]).doubleValue?.isNaN == true)
        #expect(try Self.apply(["if": [["+": "x"], "yes", "no"]]) == "no")
    }

    @Test(arguments: [
        (#"{"substr": ["jsonlogic", 20]}"#, ""), (#"{"substr": ["jsonlogic", -20, 4]}"#, "json"),
        (#"{"substr": ["jsonlogic", 2, -20]}"#, ""),
        (#"{"substr": ["jsonlogic", "1", "3"]}"#, "son"), (#"{"substr": [12345, 1, 2]}"#, "23"),
        (#"{"substr": ["Zo\u00eb \ud83d\ude00 ok", 4, 1]}"#, "\u{1F600}"), (#"{"substr": ["jsonlogic", 1.9, 2.9]}"#, "so"),
        (#"{"substr": ["jsonlogic", 2, -1.5]}"#, "onlog"),
    ])
    func substrClampsAndCoerces(rule: String, expected: String) throws {
        #expect(try Self.apply(json: rule) == .string(expected))
    }

    @Test func inLooksInTextAndArraysOnly() throws {
        #expect(try Self.apply(["in": [2, "123"]]) == true)
        #expect(try Self.apply(["in": ["", "abc"]]) == true)
        #expect(try Self.apply(["in": ["ë", "Zoë"]]) == true)
        #expect(try Self.apply(["in": ["1", [1, 2]]]) == false)
        #expect(try Self.apply(["in": [[1], [[1], [2]]]]) == true)
        #expect(try Self.apply(["in": [1, 12]]) == false)
        #expect(try Self.apply(["in": ["a", ["var": "o"]]], ["o": ["a": 1]]) == false)
    }

    @Test func varReadsPathsIndexesAndDefaults() throws {
        let data: JSONValue = ["user": ["tags": ["x", "y"], "nothing": nil], "3": "three", "list": [10, 20]]
        #expect(try Self.apply(["var": "user.tags.1"], data) == "y")
        #expect(try Self.apply(["var": "list.01"], data) == nil)
        #expect(try Self.apply(["var": ["list.-1", "none"]], data) == "none")
        #expect(try Self.apply(["var": 3], data) == "three")
        #expect(try Self.apply(["var": ["user.nothing", "fallback"]], data) == nil)
        #expect(try Self.apply(["var": ["user.nothing.deeper", "fallback"]], data) == "fallback")
        #expect(try Self.apply(["var": [["cat": ["us", "er.tags.0"]]]], data) == "x")
        #expect(try Self.apply(["var": [nil, 5]], 7) == 7)
    }

    @Test func missingCountsNullAndEmptyTextAsMissing() throws {
        let data: JSONValue = ["a": nil, "b": "", "c": 0, "d": false]
        #expect(try Self.apply(["missing": ["a", "b", "c", "d", "e"]], data) == ["a", "b", "e"])
        #expect(try Self.apply(["missing_some": [2, ["c", "d", "e"]]], data) == [])
        #expect(try Self.apply(["missing_some": [3, ["c", "d", "e"]]], data) == ["e"])
    }

    @Test func logicOperatorsReturnOperandsAndShortCircuit() throws {
        // The unevaluated branch would exhaust the work limit if it ran.
        let expensive: JSONValue = ["reduce": [["var": "n"], ["merge": [["var": "accumulator"], ["var": "accumulator"]]], [1]]]
        let data: JSONValue = ["n": .array(Array(repeating: 0, count: 64))]
        #expect(try Self.apply(["or": ["first", expensive]], data) == "first")
        #expect(try Self.apply(["and": [0, expensive]], data) == 0)
        #expect(try Self.apply(["if": [false, expensive, "else"]], data) == "else")
        #expect(try Self.apply(["?:": [false, 1, true, 2, 3]]) == 2)
        #expect(try Self.apply(["and": [1, "x", ["a"]]]) == ["a"])
    }

    @Test func iterationTreatsNonArraysAsEmpty() throws {
        #expect(try Self.apply(["map": ["abc", ["var": ""]]]) == [])
        #expect(try Self.apply(["filter": [nil, true]]) == [])
        #expect(try Self.apply(["all": [5, true]]) == false)
        #expect(try Self.apply(["none": [5, true]]) == true)
        #expect(try Self.apply(["some": [["var": "o"], true]], ["o": ["a": 1]]) == false)
        #expect(try Self.apply(["reduce": ["abc", ["var": "current"]]]) == nil)
        #expect(try Self.apply(["reduce": [[1, 2], ["cat": [["var": "accumulator"], ["var": "current"]]]]]) == "12")
    }

    @Test func mapBodiesSeeTheElementNotTheOuterData() throws {
        let rule: JSONValue = ["map": [["var": "people"], ["cat": [["var": "first"], " ", ["var": "last"]]]]]
        let data: JSONValue = ["first": "outer", "people": [["first": "Ada", "last": "Lovelace"], ["first": "Alan", "last": "Turing"]]]
        #expect(try Self.apply(rule, data) == ["Ada Lovelace", "Alan Turing"])
    }

    @Test func logReturnsItsOperand() throws {
        #expect(try Self.apply(["log": [["+": [1, 2]]]]) == 3)
        #expect(try Self.apply(["log": "apple"]) == "apple")
    }

    @Test(arguments: [
        ("null", false), ("false", false), ("0", false), ("-0.0", false), (#""""#, false), ("[]", false), (#""0""#, true), (#"" ""#, true),
        ("[0]", true), ("{}", true), ("0.1", true), ("-1", true),
    ])
    func truthiness(value: String, expected: Bool) throws {
        #expect(JSONLogic.truthy(try Self.json(value)) == expected)
    }

    @Test func aCompiledExpressionIsReusableAcrossData() throws {
        let expression = try JSONLogicExpression(["and": [[">=": [["var": "age"], 18]], ["==": [["var": "country"], "FR"]]]])
        #expect(try expression.evaluate(["age": 30, "country": "FR"]) == true)
        #expect(try expression.evaluate(["age": 17, "country": "FR"]) == false)
        #expect(try expression.evaluate(["age": "40", "country": "DE"]) == false)
        #expect(try expression.evaluate(nil) == false)
    }

    @Test func deeplyNestedDataIsRefusedWhereItWouldBeWalked() throws {
        var deep: JSONValue = 1
        for _ in 0..<600 { deep = [deep] }
        let error = try #require(throws: JSONLogicError.self) { try JSONLogic.apply(["cat": [["var": ""]]], data: deep) }
        #expect(error.code == JSONLogicError.evaluationFailed)
        #expect(error.path == "$.cat")
        #expect(throws: JSONLogicError.self) { try JSONLogic.apply(["===": [["var": ""], ["var": ""]]], data: deep) }
    }
}
