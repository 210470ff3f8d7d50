import Base
import Foundation
import Verification

/// A calendar month in UTC, `YYYY-MM`.
public struct BillingPeriod: Sendable, Hashable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 7, parts.count == 2, parts[0].count == 4, parts[1].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month), year >= 2000
        else { return nil }
        self.year = year
        self.month = month
    }

    public var description: String { String(format: "%04d-%02d", year, month) }

    public var start: Date { Self.date(year, month) }
    public var end: Date { month == 12 ? Self.date(year + 1, 1) : Self.date(year, month + 1) }

    /// Whether the month has begun by `now`.
    public func hasStarted(now: Date = Date()) -> Bool { start <= now }
    /// Whether the month is over: its export will not change again.
    public func isClosed(now: Date = Date()) -> Bool { end <= now }

    static func date(_ year: Int, _ month: Int) -> Date {
        Date(timeIntervalSince1970: Double(CivilDate(year: year, month: month, day: 1)!.daysSinceEpoch) * 86400)
    }
}
