import Foundation

/// An iterative RFC 8259 parser producing `JSONValue`, used by `JSONValue(parsing:)`.
///
/// Going through `Decodable` would mean probing each value's type by letting decodes fail, and a
/// failed decode at depth d costs O(d²) in `JSONDecoder`; a 512-deep document then takes most of a
/// second. This parser keeps open containers on an explicit stack, so cost is linear and nesting
/// cannot reach the call stack at all.
struct JSONValueParser {
    private let bytes: [UInt8]
    private var index = 0
    private let maximumDepth: Int

    /// An array or object still being filled; mutated in place on the stack so appending never copies.
    private struct OpenContainer {
        let isObject: Bool
        var elements: [JSONValue] = []
        var members: [String: JSONValue] = [:]
        var key = ""
    }

    init(_ data: Data, maximumDepth: Int) {
        bytes = Array(data)
        self.maximumDepth = maximumDepth
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    mutating func parseDocument() throws -> JSONValue {
        var stack: [OpenContainer] = []
        var value = try openValue(&stack)
        while !stack.isEmpty {
            if try add(value, to: &stack[stack.count - 1]) {
                value = try openValue(&stack)
            } else {
                let closed = stack.removeLast()
                value = closed.isObject ? .object(closed.members) : .array(closed.elements)
            }
        }
        skipWhiteSpace()
        guard index == bytes.count else { throw corrupted("unexpected content after the document") }
        return value
    }

    /// Reads values until one is complete, pushing every container opened on the way that still
    /// expects content; an empty container is itself complete.
    private mutating func openValue(_ stack: inout [OpenContainer]) throws -> JSONValue {
        while true {
            skipWhiteSpace()
            guard index < bytes.count else { throw corrupted("unexpected end of input") }
            switch bytes[index] {
            case UInt8(ascii: "["):
                try checkDepth(stack.count + 1)
                index += 1
                skipWhiteSpace()
                if consume(UInt8(ascii: "]")) { return .array([]) }
                stack.append(OpenContainer(isObject: false))
            case UInt8(ascii: "{"):
                try checkDepth(stack.count + 1)
                index += 1
                skipWhiteSpace()
                if consume(UInt8(ascii: "}")) { return .object([:]) }
                stack.append(OpenContainer(isObject: true, key: try memberName()))
            default:
                return try scalar()
            }
        }
    }

    /// Adds a completed value to its container; true if the container continues (a comma followed),
    /// false if it just closed.
    private mutating func add(_ value: JSONValue, to container: inout OpenContainer) throws -> Bool {
        skipWhiteSpace()
        if container.isObject {
            container.members[container.key] = value
            if consume(UInt8(ascii: ",")) {
                container.key = try memberName()
                return true
            }
            guard consume(UInt8(ascii: "}")) else { throw corrupted("expected ',' or '}'") }
        } else {
            container.elements.append(value)
            if consume(UInt8(ascii: ",")) { return true }
            guard consume(UInt8(ascii: "]")) else { throw corrupted("expected ',' or ']'") }
        }
        return false
    }

    private mutating func memberName() throws -> String {
        skipWhiteSpace()
        guard consume(UInt8(ascii: "\"")) else { throw corrupted("expected a member name") }
        let name = try stringBody()
        skipWhiteSpace()
        guard consume(UInt8(ascii: ":")) else { throw corrupted("expected ':'") }
        return name
    }

    private mutating func scalar() throws -> JSONValue {
        switch bytes[index] {
        case UInt8(ascii: "\""):
            index += 1
            return .string(try stringBody())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw corrupted("unexpected character")
        }
    }

    private mutating func literal(_ word: String, _ value: JSONValue) throws -> JSONValue {
        let expected = Array(word.utf8)
        guard bytes.count - index >= expected.count, bytes[index..<index + expected.count].elementsEqual(expected) else {
            throw corrupted("invalid literal")
        }
        index += expected.count
        return value
    }

    private func checkDepth(_ depth: Int) throws {
        guard depth <= maximumDepth else { throw corrupted("JSON nested deeper than \(maximumDepth) levels") }
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipWhiteSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    func corrupted(_ reason: String) -> DecodingError {
        DecodingError.dataCorrupted(
            DecodingError.Context(codingPath: [], debugDescription: "The given data was not valid JSON: \(reason) at byte \(index)")
        )
    }
}

extension JSONValueParser {
    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, which must fit in a Double.
    private mutating func number() throws -> Double {
        let start = index
        _ = consume(UInt8(ascii: "-"))
        if !consume(UInt8(ascii: "0")) {
            guard digits() > 0 else { throw corrupted("invalid number") }
        }
        if consume(UInt8(ascii: ".")) {
            guard digits() > 0 else { throw corrupted("invalid number") }
        }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            guard digits() > 0 else { throw corrupted("invalid number") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw corrupted("number out of range") }
        return value
    }

    private mutating func digits() -> Int {
        let start = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        return index - start
    }

    /// The rest of a string after its opening quote, through the closing quote.
    private mutating func stringBody() throws -> String {
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 {
            index += 1
        }
        guard index < bytes.count else { throw corrupted("unterminated string") }
        var utf8 = Array(bytes[start..<index])
        while bytes[index] != UInt8(ascii: "\"") {
            guard bytes[index] == UInt8(ascii: "\\") else { throw corrupted("control character in string") }
            index += 1
            try unescape(into: &utf8)
            while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 {
                utf8.append(bytes[index])
                index += 1
            }
            guard index < bytes.count else { throw corrupted("unterminated string") }
        }
        index += 1
        guard let text = String(validating: utf8, as: UTF8.self) else { throw corrupted("invalid UTF-8 in string") }
        return text
    }

    /// One escape sequence, the backslash already consumed.
    private mutating func unescape(into utf8: inout [UInt8]) throws {
        guard index < bytes.count else { throw corrupted("unterminated string") }
        let escaped = bytes[index]
        index += 1
        switch escaped {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escaped)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"): try unicodeEscape(into: &utf8)
        default: throw corrupted("invalid escape")
        }
    }

    /// `\uXXXX`, or a surrogate pair of them, the `\u` already consumed.
    private mutating func unicodeEscape(into utf8: inout [UInt8]) throws {
        var scalarValue = try hexQuad()
        if (0xD800..<0xDC00).contains(scalarValue) {
            guard consume(UInt8(ascii: "\\")), consume(UInt8(ascii: "u")) else { throw corrupted("unpaired surrogate") }
            let low = try hexQuad()
            guard (0xDC00..<0xE000).contains(low) else { throw corrupted("unpaired surrogate") }
            scalarValue = 0x10000 + ((scalarValue - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(scalarValue) else { throw corrupted("unpaired surrogate") }
        utf8.append(contentsOf: String(scalar).utf8)
    }

    private mutating func hexQuad() throws -> UInt32 {
        guard bytes.count - index >= 4 else { throw corrupted("invalid \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Character(Unicode.Scalar(bytes[index])).hexDigitValue else { throw corrupted("invalid \\u escape") }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}
