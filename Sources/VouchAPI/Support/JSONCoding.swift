import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Postgres

/// JSON in and out: snake_case keys are spelled out by each type, dates are RFC 3339 strings.
enum JSONCoding {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
        return Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }

    /// A JSON response from bytes already written.
    static func response(json bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// Decodes a request body, mapping every failure to a problem with a stable code.
    static func decode<T: Decodable>(_ type: T.Type, from body: ByteBuffer) throws -> T {
        guard body.readableBytes > 0 else { throw APIError.emptyBody }
        do {
            return try JSONDecoder().decode(type, from: Data(body.readableBytesView))
        } catch let error as APIError {
            throw error
        } catch DecodingError.keyNotFound(let key, let context) {
            let path = fieldPath(context.codingPath + [key])
            throw APIError(
                .unprocessableContent,
                code: "missing_field",
                title: "Missing field",
                detail: "`\(path)` is required.",
                field: path
            )
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
            throw APIError(
                .badRequest,
                code: "unknown_field",
                title: "Unknown field",
                detail: "`\(path)` is not a known field.",
                field: path
            )
        }
    }
}

extension Date {
    /// RFC 3339 in UTC with milliseconds (`2026-11-22T04:36:04.123Z`), written by hand: it is on
    /// every response and Foundation's formatters cost more than the rest of the encoding.
    var rfc3339: String {
        let millis = Int((timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secondOfDay = seconds - days * 86400
        let civil = CivilCalendar.date(days: days)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        }
        return "\(pad(civil.year, 4))-\(pad(civil.month, 2))-\(pad(civil.day, 2))T"
            + "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
            + ".\(pad(millis - seconds * 1000, 3))Z"
    }
}
