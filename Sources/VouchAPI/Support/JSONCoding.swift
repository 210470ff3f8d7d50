import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import VouchCore

/// JSON in and out, the one way every handler answers: snake_case keys are spelled out by each
/// response type, dates are RFC 3339 strings in UTC with milliseconds (`Date.rfc3339`).
enum JSONCoding {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.rfc3339)
        }
        return encoder
    }()

    /// Problem documents list their members in key order, as they always have.
    static let problemEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// A `200` (or `status`) JSON response with `value`'s encoding.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A JSON response from bytes already written (the status object's fast path).
    static func response(json bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// Decodes a request body, mapping every failure to a problem with a stable code.
    static func decode<T: Decodable>(_ type: T.Type, from body: ByteBuffer) throws -> T {
        guard body.readableBytes > 0 else { throw APIError.emptyBody }
        do {
            // Read in place: an upload's body is megabytes, and a copy of it is one more.
            return try body.withUnsafeReadableBytes { raw in
                let data = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: raw.baseAddress!), count: raw.count, deallocator: .none)
                return try JSONDecoder().decode(type, from: data)
            }
        } catch let error as APIError {
            throw error
        } catch DecodingError.keyNotFound(let key, let context) {
            let path = fieldPath(context.codingPath + [key])
            throw APIError.missingField(path)
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            let path = fieldPath(context.codingPath)
            guard !path.isEmpty else { throw APIError.malformedJSON }
            throw APIError.invalidField(path, "has the wrong type")
        } catch DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty {
            throw APIError.invalidField(fieldPath(context.codingPath), context.debugDescription)
        } catch {
            throw APIError.malformedJSON
        }
    }

    static func fieldPath(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            .replacingOccurrences(of: ".[", with: "[")
    }
}

/// Any key, for finding the keys a body sent that a type does not know.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension Decoder {
    /// Refuses keys outside `allowed`: a misspelt optional field must not pass silently.
    func rejectUnknownKeys<Key: CodingKey & CaseIterable>(_ keys: Key.Type) throws {
        let allowed = Set(Key.allCases.map(\.stringValue))
        let container = try self.container(keyedBy: AnyCodingKey.self)
        if let unknown = container.allKeys.first(where: { !allowed.contains($0.stringValue) }) {
            let path = JSONCoding.fieldPath(codingPath + [unknown])
            throw APIError.unknownField(path)
        }
    }
}
