import Base
import Foundation

/// Proleptic Gregorian calendar arithmetic on day numbers, without Foundation's Calendar
/// (which is slow and locale-dependent).
public enum CivilCalendar {
    /// Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm).
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The civil date of a day number.
    public static func date(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// A UTC instant split into calendar fields, to the microsecond: the one place that turns a
/// `Date` into text without Foundation's formatters (timestamps here and in API responses).
public struct CivilTime: Equatable {
    public let year, month, day, hour, minute, second, microsecond: Int

    /// Instants outside years 0001–9999 are held to its ends (`CivilRange`): a date computed
    /// from a number that came from outside may be anywhere. Postgres accepts more, but no date
    /// of a KYC record lies outside it.
    public init(_ date: Date) {
        let clamped = CivilRange.clamp(date.timeIntervalSince1970)
        let micros = Int(saturating: (clamped * 1_000_000).rounded())
        let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secondOfDay = seconds - days * 86400
        (year, month, day) = CivilCalendar.date(days: days)
        hour = secondOfDay / 3600
        minute = secondOfDay / 60 % 60
        second = secondOfDay % 60
        microsecond = micros - seconds * 1_000_000
    }

    /// `YYYY-MM-DD<separator>HH:MM:SS.` and the first `fractionDigits` digits of the second.
    public func formatted(dateTimeSeparator: String, fractionDigits: Int) -> String {
        func pad(_ value: Int, _ width: Int) -> String { String(value).leftPadded(to: width) }
        let fraction = String(pad(microsecond, 6).prefix(fractionDigits))
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))\(dateTimeSeparator)"
            + "\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2)).\(fraction)"
    }
}

/// `timestamptz` text in the form the layer's sessions use: ISO style, UTC, microseconds.
enum PostgresTimestamp {
    static func format(_ date: Date) -> String {
        CivilTime(date).formatted(dateTimeSeparator: " ", fractionDigits: 6) + "+00"
    }

    /// Parses `YYYY-MM-DD HH:MM:SS[.ffffff]+00[:MM]`.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        var index = 0
        func number(_ width: Int) -> Int? {
            guard index + width <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<width {
                let c = bytes[index + offset]
                guard c >= 48, c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            index += width
            return value
        }
        func expect(_ c: Character) -> Bool {
            guard index < bytes.count, bytes[index] == c.asciiValue! else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
            expect(" "), let hour = number(2), expect(":"), let minute = number(2), expect(":"),
            let second = number(2)
        else { return nil }
        var micros = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                if digits < 6 { micros = micros * 10 + Int(bytes[index] - 48) }
                digits += 1
                index += 1
            }
            if digits < 6 { for _ in digits..<6 { micros *= 10 } }
        }
        var offsetSeconds = 0
        if index < bytes.count {
            let sign = bytes[index]
            guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
            index += 1
            guard let hours = number(2) else { return nil }
            var minutes = 0
            if expect(":") {
                guard let m = number(2) else { return nil }
                minutes = m
            }
            offsetSeconds = (hours * 3600 + minutes * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
        }
        let days = CivilCalendar.days(year: year, month: month, day: day)
        let seconds = days * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + Double(micros) / 1_000_000)
    }
}
