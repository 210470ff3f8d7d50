import Foundation

/// Any JSON document, held as a value: what rules, signals and webhook payloads are made of.
///
/// Numbers are `Double` because JSON does not distinguish integers, and rule evaluation follows
/// JavaScript's single number type.
public enum JSONValue: Sendable, Hashable, Codable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// Any number; integers up to 2^53 are exact.
    case number(Double)
    /// Text.
    case string(String)
    /// An ordered list.
    case array([JSONValue])
    /// Named members; JSON gives their order no meaning, so none is kept.
    case object([String: JSONValue])

    /// The deepest nesting of arrays and objects that decoding accepts, so hostile input cannot exhaust
    /// the stack (the same limit as `JSONDecoder`'s).
    public static let maximumDecodingDepth = 512

    /// Parses one JSON document from UTF-8 bytes, refusing nesting deeper than `maximumDecodingDepth`
    /// with a `DecodingError`.
    ///
    /// Prefer this to `JSONDecoder` for untrusted input: it parses iteratively in linear time, whereas
    /// `Decodable` can only learn a value's type by failed attempts, which `JSONDecoder` makes cost
    /// O(depth²) each.
    public init(parsing data: Data) throws {
        var parser = JSONValueParser(data, maximumDepth: JSONValue.maximumDecodingDepth)
        self = try parser.parseDocument()
    }

    /// Decodes any JSON value from any decoder, refusing arrays and objects nested deeper than
    /// `maximumDecodingDepth`.
    ///
    /// Decoding recurses once per level, so the depth is counted on the way down, before any deeper
    /// level is visited. The count is a task-local (thread-local outside tasks) rather than the
    /// decoder's `codingPath`, which `JSONDecoder` rebuilds in O(depth) on every access.
    ///
    /// Through `JSONDecoder` each value's type is found by letting decodes fail, and each failure
    /// copies the coding path; for untrusted input, `init(parsing:)` is linear and much faster.
    public init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: JSONObjectKey.self) {
            self = try JSONValue.oneLevelDeeper(decoder) {
                var members: [String: JSONValue] = [:]
                members.reserveCapacity(keyed.allKeys.count)
                for key in keyed.allKeys {
                    members[key.stringValue] = try keyed.decode(JSONValue.self, forKey: key)
                }
                return .object(members)
            }
        } else if var unkeyed = try? decoder.unkeyedContainer() {
            self = try JSONValue.oneLevelDeeper(decoder) {
                var elements: [JSONValue] = []
                if let count = unkeyed.count { elements.reserveCapacity(count) }
                while !unkeyed.isAtEnd {
                    elements.append(try unkeyed.decode(JSONValue.self))
                }
                return .array(elements)
            }
        } else {
            self = try JSONValue(scalarFrom: decoder.singleValueContainer())
        }
    }

    /// How many arrays and objects are being decoded, one inside the other, on this task or thread.
    @TaskLocal private static var decodingDepth = 0

    /// Runs `decodeContents` one nesting level deeper, or refuses if that is too deep.
    private static func oneLevelDeeper(_ decoder: any Decoder, _ decodeContents: () throws -> JSONValue) throws -> JSONValue {
        let depth = decodingDepth + 1
        guard depth <= maximumDecodingDepth else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription: "JSON nested deeper than \(maximumDecodingDepth) levels"
                )
            )
        }
        return try $decodingDepth.withValue(depth, operation: decodeContents)
    }

    /// Bool is tried before Double so that `true` stays a boolean and `1` stays a number.
    private init(scalarFrom container: any SingleValueDecodingContainer) throws {
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    /// Encodes the value back to JSON; NaN and infinities, which JSON cannot express, become `null`
    /// as they do in JavaScript's `JSON.stringify`.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let flag):
            var container = encoder.singleValueContainer()
            try container.encode(flag)
        case .number(let number):
            var container = encoder.singleValueContainer()
            if number.isFinite { try container.encode(number) } else { try container.encodeNil() }
        case .string(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements { try container.encode(element) }
        case .object(let members):
            var container = encoder.container(keyedBy: JSONObjectKey.self)
            for (key, member) in members { try container.encode(member, forKey: JSONObjectKey(key)) }
        }
    }
}

/// An object member name; JSON keys are arbitrary strings, so no fixed `CodingKey` enum fits.
private struct JSONObjectKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

extension JSONValue {
    /// The member named `key` of an object; nil for a missing member or a non-object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// The element at `index` of an array; nil when out of range or not an array.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The text of a string value.
    public var stringValue: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }

    /// The number of a number value.
    public var doubleValue: Double? {
        guard case .number(let number) = self else { return nil }
        return number
    }

    /// The flag of a boolean value.
    public var boolValue: Bool? {
        guard case .bool(let flag) = self else { return nil }
        return flag
    }

    /// The elements of an array value.
    public var arrayValue: [JSONValue]? {
        guard case .array(let elements) = self else { return nil }
        return elements
    }

    /// The members of an object value.
    public var objectValue: [String: JSONValue]? {
        guard case .object(let members) = self else { return nil }
        return members
    }

    /// Whether this is JSON `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension JSONValue: ExpressibleByNilLiteral {
    /// `nil` is JSON `null`.
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue: ExpressibleByBooleanLiteral {
    /// A boolean literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    /// An integer literal, held as a JSON number.
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
}

extension JSONValue: ExpressibleByFloatLiteral {
    /// A floating-point literal.
    public init(floatLiteral value: Double) { self = .number(value) }
}

extension JSONValue: ExpressibleByStringLiteral {
    /// A string literal.
    public init(stringLiteral value: String) { self = .string(value) }
}

extension JSONValue: ExpressibleByArrayLiteral {
    /// An array literal.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    /// An object literal; a repeated key keeps its last value, as JSON parsers do.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension JSONValue {
    /// The same value with every NUL character in its strings and keys replaced by U+FFFD:
    /// Postgres stores no NUL in `text` or `jsonb`, and a peer's answer may hold one.
    public func replacingNUL() -> JSONValue {
        switch self {
        case .string(let text): .string(text.replacingNUL())
        case .array(let elements): .array(elements.map { $0.replacingNUL() })
        case .object(let members):
            .object(Dictionary(members.map { ($0.key.replacingNUL(), $0.value.replacingNUL()) }, uniquingKeysWith: { first, _ in first }))
        default: self
        }
    }
}
