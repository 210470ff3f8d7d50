import Foundation

/// A UTC instant split into calendar fields, to the microsecond: the one place that turns a
/// `Date` into text without Foundation's formatters (timestamps in the database layer and in API
/// responses).
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
        let date = CivilDate(daysSinceEpoch: days)
        (year, month, day) = (date.year, date.month, date.day)
        hour = secondOfDay / 3600
        minute = secondOfDay / 60 % 60
        second = secondOfDay % 60
        microsecond = micros - seconds * 1_000_000
    }

    /// `YYYY-MM-DD<separator>HH:MM:SS.` and the first `fractionDigits` digits of the second.
    public func formatted(dateTimeSeparator: String, fractionDigits: Int) -> String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        }
        let fraction = String(pad(microsecond, 6).prefix(fractionDigits))
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))\(dateTimeSeparator)"
            + "\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2)).\(fraction)"
    }
}
