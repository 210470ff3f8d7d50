import Base
import Foundation
import Testing
import Verification

/// Decoding and encoding the JSON values rules and their data are made of.
@Suite struct JSONLogicJSONValueTests {
    static func parse(_ text: String) throws -> JSONValue {
        try JSONValue(parsing: Data(text.utf8))
    }

    @Test func decodesEveryKindKeepingBooleansApartFromNumbers() throws {
        let value = try Self.parse(#"{"t": true, "one": 1, "pi": 3.14, "s": "x", "n": null, "list": [false, 0, "0"], "o": {}}"#)
        #expect(value["t"] == .bool(true))
        #expect(value["one"] == .number(1))
        #expect(value["pi"]?.doubleValue == 3.14)
        #expect(value["s"]?.stringValue == "x")
        #expect(value["n"]?.isNull == true)
        #expect(value["list"] == [false, 0, "0"])
        #expect(value["list"]?[2] == "0")
        #expect(value["o"] == .object([:]))
        #expect(value["absent"] == nil)
    }

    @Test func roundTripsThroughTheEncoder() throws {
        let value: JSONValue = ["a": [1, 2.5, nil, true, "é"], "b": ["c": [:]]]
        let encoded = try JSONEncoder().encode(value)
        #expect(try JSONValue(parsing: encoded) == value)
    }

    @Test func nonFiniteNumbersEncodeAsNull() throws {
        let encoded = try JSONEncoder().encode([JSONValue.number(.nan), .number(.infinity)] as JSONValue)
        #expect(String(decoding: encoded, as: UTF8.self) == "[null,null]")
    }

    @Test(arguments: [
        "", " ", #"{"a": }"#, "[1,]", #"{"a": 1,}"#, "01", "1.", ".5", "+1", "-", "1e", "1e400", "nul", "[1 2]", #"{"a" 1}"#, "{1: 2}",
        #""abc"#, "\"a\tb\"", #""\x""#, #""\ud800""#, #""\udc00""#, #""\u12G4""#, "[1] 2", "[", "]", "NaN", "'a'",
    ])
    func malformedInputThrows(text: String) {
        #expect(throws: DecodingError.self) { try Self.parse(text) }
    }

    @Test func invalidUTF8Throws() {
        #expect(throws: DecodingError.self) { try JSONValue(parsing: Data([0x22, 0xC3, 0x28, 0x22])) }
    }

    @Test func parsesEscapesNumbersAndWhiteSpace() throws {
        let text = "\u{FEFF}" + #" { "s" : "a\"b\\c\/d\n\u00e9\ud83d\ude00\t" ,"# + "\r\n" + #" "n": [-0, 1E+2] , "n": true }"# + "\n"
        let value = try JSONValue(parsing: Data(text.utf8))
        #expect(value["s"] == "a\"b\\c/d\n\u{E9}\u{1F600}\t")
        #expect(value["n"] == true)  // a repeated key keeps its last value
        let numbers = try Self.parse("[-0, 1E+2, 2.5e-3, 10, 123456789012345678901234567890]")
        #expect(numbers == [0, 100, 0.0025, 10, 1.2345678901234568e29])
        #expect(try Self.parse(" \"top\" ") == "top")
        #expect(try Self.parse("null") == nil)
    }

    @Test func parsingAgreesWithJSONDecoder() throws {
        let data = try Data(contentsOf: try JSONLogicTests.conformanceFile())
        let parsed = try JSONValue(parsing: data)
        let decoded = try JSONDecoder().decode(JSONValue.self, from: data)
        #expect(parsed == decoded)
        #expect(parsed.arrayValue?.count ?? 0 > 300)
    }

    @Test func documentsNestedBeyondTheLimitAreRefused() throws {
        let deepest = JSONValue.maximumDecodingDepth
        let fits = String(repeating: "[", count: deepest) + String(repeating: "]", count: deepest)
        #expect(try Self.parse(fits).arrayValue?.count == 1)
        for depth in [deepest + 1, 100_000] {
            let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            #expect(throws: DecodingError.self) { try Self.parse(text) }
        }
    }

    @Test func decodesThroughJSONDecoderToo() throws {
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(#"{"a": [true, 1, "x", null, {"b": 2.5}]}"#.utf8))
        #expect(value == ["a": [true, 1, "x", nil, ["b": 2.5]]])
    }

    /// JSONDecoder has its own nesting limit, so the value's guard is exercised through a decoder
    /// that has none. Objects are used because probing an array's type first fails as an object,
    /// which is slow at depth.
    @Test func theValueItselfRefusesDeepNestingWhateverTheDecoder() throws {
        var deep: JSONValue = "leaf"
        for _ in 0..<(JSONValue.maximumDecodingDepth + 1) { deep = ["k": deep] }
        let plist = try PropertyListEncoder().encode([deep])
        let error = try #require(throws: DecodingError.self) { try PropertyListDecoder().decode([JSONValue].self, from: plist) }
        guard case .dataCorrupted(let context) = error else {
            Issue.record("expected dataCorrupted, got \(error)")
            return
        }
        #expect(context.debugDescription.contains("nested deeper"))

        var shallow: JSONValue = "leaf"
        for _ in 0..<JSONValue.maximumDecodingDepth { shallow = ["k": shallow] }
        let accepted = try PropertyListDecoder().decode([JSONValue].self, from: PropertyListEncoder().encode([shallow]))
        #expect(accepted == [shallow])
    }
}
