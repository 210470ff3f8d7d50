import Base
import Foundation
import Verification
import VouchCore

/// The checks on a watch list entry's fields. Each answers the value as it is stored (trimmed,
/// lowercase countries, duplicates dropped) or throws `422 invalid_field` naming the member;
/// a NUL character anywhere answers `422 invalid_text`, as everywhere text cannot be stored.
/// Lengths count Unicode scalars, as the database's `char_length` does.
enum WatchlistRules {
    static func names(_ values: [String]) throws -> [String] {
        guard (1...20).contains(values.count) else { throw APIError.invalidField("names", "must list 1 to 20 names") }
        return unique(try values.enumerated().map { try line($1, "names[\($0)]", max: 200, allowEmpty: false) })
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, from 1900 (as applicants' birth dates) to today.
    static func birthDates(_ values: [String], now: Date) throws -> [String] {
        guard values.count <= 20 else { throw APIError.invalidField("birth_dates", "must list at most 20 dates") }
        let today = CivilDate(unixSeconds: now.timeIntervalSince1970).description
        for (index, value) in values.enumerated() { try birthDate(value, "birth_dates[\(index)]", today: today) }
        return unique(values)
    }

    /// A partial date is checked as its first day: `1990-02` as 1990-02-01.
    static func birthDate(_ value: String, _ field: String, today: String) throws {
        try refuseNUL(value, field)
        let firstDay: String? =
            switch value.count {
            case 4: value + "-01-01"
            case 7: value + "-01"
            case 10: value
            default: nil
            }
        guard value.allSatisfy({ $0 == "-" || ("0"..."9").contains($0) }), let firstDay, let date = CivilDate(firstDay) else {
            throw APIError.invalidField(field, "must be a date as YYYY, YYYY-MM or YYYY-MM-DD")
        }
        // Same-length prefixes of ISO dates compare as the dates do.
        guard date.year >= 1900, value <= String(today.prefix(value.count)) else {
            throw APIError.invalidField(field, "must be between 1900 and today")
        }
    }

    /// ISO 3166-1 alpha-2 in either case, stored lowercase (as screening services index them).
    static func countries(_ values: [String]) throws -> [String] {
        guard values.count <= 20 else { throw APIError.invalidField("countries", "must list at most 20 countries") }
        return unique(
            try values.enumerated().map { index, value in
                try refuseNUL(value, "countries[\(index)]")
                guard value.utf8.count == 2, value.allSatisfy({ $0.isASCII && $0.isLetter }), CountryCodes.alpha3(value) != nil else {
                    throw APIError.invalidField("countries[\(index)]", "must be an ISO 3166-1 alpha-2 country code such as GB")
                }
                return value.lowercased()
            }
        )
    }

    /// FollowTheMoney topic names (`sanction`, `role.pep`, `crime`, `watchlist`, …).
    static func topics(_ values: [String]) throws -> [String] {
        guard (1...20).contains(values.count) else {
            throw APIError.invalidField("topics", "must list 1 to 20 topics (leave it out for [\"watchlist\"])")
        }
        for (index, value) in values.enumerated() {
            try refuseNUL(value, "topics[\(index)]")
            guard (1...64).contains(value.utf8.count), value.utf8.allSatisfy(isTopicByte) else {
                throw APIError.invalidField("topics[\(index)]", "must be 1 to 64 characters of a-z, 0-9, `.`, `_` and `-`")
            }
        }
        return unique(values)
    }

    /// Free text for people; line breaks and tabs are kept, other control characters refused.
    static func note(_ value: String) throws -> String {
        try refuseNUL(value, "note")
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.unicodeScalars.count <= 1000 else { throw APIError.invalidField("note", "must be at most 1000 characters") }
        guard !trimmed.unicodeScalars.contains(where: { isControl($0) && !lineBreaksAndTabs.contains($0) }) else {
            throw APIError.invalidField("note", "must not contain control characters other than line breaks and tabs")
        }
        return trimmed
    }

    /// One line of text, trimmed; `""` only where `allowEmpty` (it clears the field).
    static func line(_ value: String, _ field: String, max: Int, allowEmpty: Bool = true) throws -> String {
        try refuseNUL(value, field)
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard allowEmpty || !trimmed.isEmpty else { throw APIError.invalidField(field, "must not be empty") }
        guard trimmed.unicodeScalars.count <= max else { throw APIError.invalidField(field, "must be at most \(max) characters") }
        guard !trimmed.unicodeScalars.contains(where: isControl) else {
            throw APIError.invalidField(field, "must not contain control characters")
        }
        return trimmed
    }

    /// Text with NUL is refused as the database would refuse it, before any other check.
    static func refuseNUL(_ value: String, _ field: String) throws {
        guard value.utf8.contains(0) else { return }
        var error = APIError.invalidText
        error.field = field
        throw error
    }

    static let lineBreaksAndTabs: Set<Unicode.Scalar> = ["\n", "\r", "\t"]

    static func isControl(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.generalCategory == .control }

    static func isTopicByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    /// The values in their first order, each once.
    static func unique(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0).inserted }
    }
}
