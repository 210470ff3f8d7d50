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

    @Test func malformedInputThrows() {
        #expect(throws: DecodingError.self) { try Self.parse("{\"a\": }") }
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

    /// JSONDecoder has its own nesting limit, so the value's guard is exercised through a decoder
    /// that has none.
    @Test func theValueItselfRefusesDeepNestingWhateverTheDecoder() throws {
        var deep: JSONValue = "leaf"
        for _ in 0..<(JSONValue.maximumDecodingDepth + 50) { deep = [deep] }
        let plist = try PropertyListEncoder().encode([deep])
        let error = try #require(throws: DecodingError.self) { try PropertyListDecoder().decode([JSONValue].self, from: plist) }
        guard case .dataCorrupted(let context) = error else {
            Issue.record("expected dataCorrupted, got \(error)")
            return
        }
        #expect(context.debugDescription.contains("nested deeper"))

        var shallow: JSONValue = "leaf"
        for _ in 0..<100 { shallow = [shallow] }
        let accepted = try PropertyListDecoder().decode([JSONValue].self, from: PropertyListEncoder().encode([shallow]))
        #expect(accepted == [shallow])
    }
}
