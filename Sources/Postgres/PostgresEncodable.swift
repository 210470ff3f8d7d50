import Base
import Foundation

/// A Swift value that can be bound as a statement parameter.
public protocol PostgresEncodable: Sendable {
    var postgresBind: PostgresBind { get }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public var postgresBind: PostgresBind {
        switch self {
        case .none: return .null
        case .some(let value): return value.postgresBind
        }
    }
}

extension String: PostgresEncodable {
    /// Strings go with an unspecified type so the server infers `text`, `uuid`, `date` … from context.
    public var postgresBind: PostgresBind { .text(self) }
}

extension Int: PostgresEncodable {
    public var postgresBind: PostgresBind { .text(String(self), oid: PostgresOID.int8) }
}

extension Int32: PostgresEncodable {
    public var postgresBind: PostgresBind { .text(String(self), oid: PostgresOID.int4) }
}

extension Int64: PostgresEncodable {
    public var postgresBind: PostgresBind { .text(String(self), oid: PostgresOID.int8) }
}

extension Double: PostgresEncodable {
    public var postgresBind: PostgresBind { .text(String(self), oid: PostgresOID.float8) }
}

extension Bool: PostgresEncodable {
    public var postgresBind: PostgresBind { .text(self ? "t" : "f", oid: PostgresOID.bool) }
}

extension UUID: PostgresEncodable {
    public var postgresBind: PostgresBind { .text(UUIDText.format(self, dashes: true), oid: PostgresOID.uuid) }
}

extension Date: PostgresEncodable {
    public var postgresBind: PostgresBind { .text(PostgresTimestamp.format(self), oid: PostgresOID.timestamptz) }
}

extension Array: PostgresEncodable where Element == UInt8 {
    /// Byte arrays go in binary format: no hex round trip for document blobs.
    public var postgresBind: PostgresBind { PostgresBind(oid: PostgresOID.bytea, isBinary: true, bytes: self) }
}

extension Data: PostgresEncodable {
    public var postgresBind: PostgresBind { PostgresBind(oid: PostgresOID.bytea, isBinary: true, bytes: Array(self)) }
}

/// A `text[]` parameter or column.
public struct PostgresTextArray: PostgresEncodable, PostgresDecodable, Equatable {
    public var elements: [String]
    public init(_ elements: [String]) { self.elements = elements }
    /// UUIDs as text, for a `…::uuid[]` cast in the query.
    public init(uuids: [UUID]) { self.elements = uuids.map { $0.uuidString.lowercased() } }

    public var postgresBind: PostgresBind {
        let quoted = elements.map { element -> String in
            var escaped = "\""
            for character in element {
                if character == "\"" || character == "\\" { escaped.append("\\") }
                escaped.append(character)
            }
            return escaped + "\""
        }
        return .text("{" + quoted.joined(separator: ",") + "}", oid: PostgresOID.textArray)
    }

    public init(postgresText bytes: UnsafeBufferPointer<UInt8>, oid: UInt32) throws {
        self.elements = try PostgresArrayParser.parse(bytes)
    }
}

/// A `jsonb` parameter or column, carried as its JSON text.
public struct PostgresJSON: PostgresEncodable, PostgresDecodable, Equatable {
    public var text: String
    public init(text: String) { self.text = text }

    /// Encodes `value` with `JSONEncoder`.
    public init(encoding value: some Encodable) throws {
        let data = try JSONEncoder().encode(value)
        self.text = String(decoding: data, as: UTF8.self)
    }

    /// Decodes the JSON text into `type`.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    public var postgresBind: PostgresBind { .text(text, oid: PostgresOID.jsonb) }

    public init(postgresText bytes: UnsafeBufferPointer<UInt8>, oid: UInt32) throws {
        self.text = String(decoding: bytes, as: UTF8.self)
    }
}
