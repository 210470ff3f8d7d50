import Base
import Foundation

/// A Swift type that can be decoded from a text-format column value.
public protocol PostgresDecodable: Sendable {
    /// Decodes the value's text form. `bytes` is only valid during the call.
    init(postgresText bytes: UnsafeBufferPointer<UInt8>, oid: UInt32) throws
}

extension PostgresDecodable {
    static func decodingError(_ bytes: UnsafeBufferPointer<UInt8>) -> PostgresError {
        PostgresError(kind: .decoding, serverMessage: "cannot decode \(Self.self)")
    }
}

extension String: PostgresDecodable {
    public init(postgresText bytes: UnsafeBufferPointer<UInt8>, oid: UInt32) throws {
        self = String(decoding: bytes, as: UTF8.self)
    }
}

extension Int: PostgresDecodable {
    public init(postgresText bytes: UnsafeBufferPointer<UInt8>, oid: UInt32) throws {
        guard let value = Int(String(decoding: bytes, as: UTF8.self)) else { throw Self.decodingError(bytes) }
        self = value
    }
}

extension Int32: PostgresDecodable {
    public init(postgresText bytes: UnsafeBufferPointer<UInt8>, oid: UInt32) throws {
        guard let value = Int32(String(decoding: bytes, as: UTF8.self)) else { throw Self.decodingError(bytes) }
        self = value
    }
}

extension Int64: PostgresDecodable {
    public init(postgresText bytes: UnsafeBufferPointer<UInt8>, oid: UInt32) throws {
        guard let value = Int64(String(decoding: bytes, as: UTF8.self)) else { throw Self.decodingError(bytes) }
        self = value
    }
}

extension Double: PostgresDecodable {
    public init(postgresText bytes: UnsafeBufferPointer<UInt8>, oid: UInt32) throws {
        guard let value = Double(String(decoding: bytes, as: UTF8.self)) else { throw Self.decodingError(bytes) }
        self = value
    }
}

extension Bool: PostgresDecodable {
    public init(postgresText bytes: UnsafeBufferPointer<UInt8>, oid: UInt32) throws {
        guard bytes.count == 1 else { throw Self.decodingError(bytes) }
        switch bytes[0] {
        case UInt8(ascii: "t"): self = true
        case UInt8(ascii: "f"): self = false
        default: throw Self.decodingError(bytes)
        }
    }
}

extension UUID: PostgresDecodable {
    public init(postgresText bytes: UnsafeBufferPointer<UInt8>, oid: UInt32) throws {
        guard let value = UUIDText.parse(bytes) else { throw Self.decodingError(bytes) }
        self = value
    }
}

extension Date: PostgresDecodable {
    /// Decodes `timestamptz` text as the layer's sessions print it (ISO style, UTC).
    public init(postgresText bytes: UnsafeBufferPointer<UInt8>, oid: UInt32) throws {
        guard let date = PostgresTimestamp.parse(bytes) else { throw Self.decodingError(bytes) }
        self = date
    }
}

extension Array: PostgresDecodable where Element == UInt8 {
    /// Decodes `bytea` in its hex text form (`\x0a1b…`).
    public init(postgresText bytes: UnsafeBufferPointer<UInt8>, oid: UInt32) throws {
        guard let decoded = PostgresHex.decodeBytea(bytes) else { throw Self.decodingError(bytes) }
        self = decoded
    }
}

extension Data: PostgresDecodable {
    public init(postgresText bytes: UnsafeBufferPointer<UInt8>, oid: UInt32) throws {
        self = Data(try [UInt8](postgresText: bytes, oid: oid))
    }
}

enum PostgresHex {
    static func decodeBytea(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "\\"), bytes[1] == UInt8(ascii: "x"),
            bytes.count % 2 == 0
        else { return nil }
        var output = [UInt8]()
        output.reserveCapacity((bytes.count - 2) / 2)
        var index = 2
        while index < bytes.count {
            guard let high = nibble(bytes[index]), let low = nibble(bytes[index + 1]) else { return nil }
            output.append(high << 4 | low)
            index += 2
        }
        return output
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

/// Parses one-dimensional array literals such as `{a,"b c",NULL}` (NULL elements are refused).
enum PostgresArrayParser {
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws -> [String] {
        let chars = Array(bytes)
        guard chars.first == UInt8(ascii: "{"), chars.last == UInt8(ascii: "}") else {
            throw PostgresError(kind: .decoding, serverMessage: "not an array literal")
        }
        var elements: [String] = []
        var index = 1
        let end = chars.count - 1
        if index == end { return [] }
        while index < end {
            var element: [UInt8] = []
            if chars[index] == UInt8(ascii: "\"") {
                index += 1
                while index < end, chars[index] != UInt8(ascii: "\"") {
                    if chars[index] == UInt8(ascii: "\\") { index += 1 }
                    element.append(chars[index])
                    index += 1
                }
                index += 1
            } else {
                while index < end, chars[index] != UInt8(ascii: ",") {
                    element.append(chars[index])
                    index += 1
                }
                if element == Array("NULL".utf8) {
                    throw PostgresError(kind: .decoding, serverMessage: "NULL array element")
                }
            }
            elements.append(String(decoding: element, as: UTF8.self))
            index += 1
        }
        return elements
    }
}
