import Base
import Foundation
import Postgres

extension Date {
    /// RFC 3339 in UTC with milliseconds (`2026-11-22T04:36:04.123Z`), written by hand: it is on
    /// every response and Foundation's formatters cost more than the rest of the encoding.
    public var rfc3339: String {
        CivilTime(self).formatted(dateTimeSeparator: "T", fractionDigits: 3) + "Z"
    }
}
