import Base
import Foundation
import Postgres
import Testing

/// `Date` as `timestamptz`, and `CivilDate` as `date`.
@Suite struct TimestampTests {
    /// Microseconds since 1970 of a date, rounded to the nearest one.
    static func micros(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    static func date(micros: Int64) -> Date {
        Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }

    static let samples: [Int64] = [
        0,
        1,
        999_999,
        100_001,
        654_321,
        1_700_000_000_123_456,
        1_772_348_696_789_000,
        4_102_444_799_999_999,  // 2099-12-31 23:59:59.999999
        -1,  // 1969-12-31 23:59:59.999999
        -654_321,
        -14_182_940_000_000,  // 1969-07-20 20:17:40
        -446_751_899_500_000,  // 1955-11-05 06:15:00.5
        -946_080_000_100_001,
        -2_147_483_647_999_999,  // 1901-12-13 20:45:52.000001
        -2_208_988_800_000_000,  // 1900-01-01 00:00:00
    ]

    @Test func microsecondPrecisionRoundTrip() async throws {
        try await withTestPool { pool, _ in
            for micros in Self.samples {
                let date = Self.date(micros: micros)
                let rows = try await pool.query(
                    "SELECT \(date), (extract(epoch FROM \(date)::timestamptz) * 1000000)::int8"
                )
                let (back, serverMicros) = try rows[0].decode(Date.self, Int64.self)
                #expect(serverMicros == micros, "server received \(serverMicros), sent \(micros)")
                #expect(Self.micros(back) == micros, "read back \(Self.micros(back)), sent \(micros)")
            }
        }
    }

    @Test func textFormOfBoundDates() async throws {
        try await withTestPool { pool, _ in
            let cases: [(Int64, String)] = [
                (0, "1970-01-01 00:00:00+00"),
                (1, "1970-01-01 00:00:00.000001+00"),
                (-1, "1969-12-31 23:59:59.999999+00"),
                (-14_182_940_000_000, "1969-07-20 20:17:40+00"),
                (-446_751_899_500_000, "1955-11-05 06:15:00.5+00"),
                (-2_208_988_800_000_000, "1900-01-01 00:00:00+00"),
                (1_772_348_696_789_000, "2026-03-01 07:04:56.789+00"),
            ]
            for (micros, text) in cases {
                let date = Self.date(micros: micros)
                let serverText: String = try await pool.scalar("SELECT \(date)::text")
                #expect(serverText == text)
            }
        }
    }

    @Test func dateReadFromALiteralWithAnOffsetIsTheRightInstant() async throws {
        try await withTestPool { pool, _ in
            let date: Date = try await pool.scalar("SELECT '2026-03-01 12:34:56.789+05:30'::timestamptz")
            #expect(Self.micros(date) == 1_772_348_696_789_000)
            #expect(abs(date.timeIntervalSince1970 - 1_772_348_696.789) < 1e-6)

            let iso = ISO8601DateFormatter()
            iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let expected = try #require(iso.date(from: "2026-03-01T07:04:56.789Z"))
            #expect(abs(date.timeIntervalSince(expected)) < 1e-6)

            let early: Date = try await pool.scalar("SELECT '1901-12-13 20:45:52.000001Z'::timestamptz")
            #expect(Self.micros(early) == -2_147_483_647_999_999)
            let whole: Date = try await pool.scalar("SELECT '1969-07-20 15:17:40-05'::timestamptz")
            #expect(Self.micros(whole) == -14_182_940_000_000)
            // Plain `timestamp` prints without an offset and is read as UTC.
            let naive: Date = try await pool.scalar("SELECT '2024-02-29 23:59:59.25'::timestamp")
            #expect(Self.micros(naive) == 1_709_251_199_250_000)
        }
    }

    @Test func boundDateComparesEqualOnTheServer() async throws {
        try await withTestPool { pool, _ in
            let date = Self.date(micros: 1_772_348_696_789_000)
            let equal: Bool = try await pool.scalar(
                "SELECT \(date) = '2026-03-01 12:34:56.789+05:30'::timestamptz"
            )
            #expect(equal)
            try await pool.query("CREATE TABLE events (at timestamptz NOT NULL)")
            try await pool.query("INSERT INTO events (at) VALUES (\(date))")
            let stored: Date = try await pool.scalar("SELECT at FROM events")
            #expect(Self.micros(stored) == 1_772_348_696_789_000)
        }
    }

    @Test func calendarDates() async throws {
        #expect(CivilDate("2024-02-29") == CivilDate(year: 2024, month: 2, day: 29))
        #expect(CivilDate("2023-02-30") == nil)
        #expect(CivilDate("2023-02-29") == nil)
        #expect(CivilDate("1900-02-29") == nil)
        #expect(CivilDate("2000-02-29") != nil)
        #expect(CivilDate("2024-13-01") == nil)
        #expect(CivilDate("2024-00-10") == nil)
        #expect(CivilDate("2024-04-31") == nil)
        #expect(CivilDate("2024-4-01") == nil)
        #expect(CivilDate("not a date") == nil)
        #expect(CivilDate(year: 7, month: 3, day: 9)?.description == "0007-03-09")

        try await withTestPool { pool, _ in
            let samples = ["2024-02-29", "2000-02-29", "1999-12-31", "1970-01-01", "1900-03-01", "0001-01-01", "9999-12-31"]
            for text in samples {
                let date = try #require(CivilDate(text))
                let back: CivilDate = try await pool.scalar("SELECT \(date)")
                #expect(back == date)
                let serverText: String = try await pool.scalar("SELECT \(date)::text")
                #expect(serverText == text)
            }
            let leap = try #require(CivilDate("2024-02-29"))
            let next: CivilDate = try await pool.scalar("SELECT \(leap) + 1")
            #expect(next == CivilDate(year: 2024, month: 3, day: 1))
            let yearLater: CivilDate = try await pool.scalar("SELECT (\(leap) + interval '1 year')::date")
            #expect(yearLater == CivilDate(year: 2025, month: 2, day: 28))
            #expect(leap < next)
        }
    }
}
