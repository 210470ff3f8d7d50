import Foundation
import Testing
import VouchCore

@testable import VouchAPI

@Suite("RFC 3339 timestamps")
struct TimestampFormatTests {
    @Test("UTC with milliseconds, before and after 1970, and across a leap day")
    func formats() {
        #expect(Date(timeIntervalSince1970: 0).rfc3339 == "1970-01-01T00:00:00.000Z")
        #expect(Date(timeIntervalSince1970: 1_709_164_800.25).rfc3339 == "2024-02-29T00:00:00.250Z")
        #expect(Date(timeIntervalSince1970: -1).rfc3339 == "1969-12-31T23:59:59.000Z")
        #expect(Date(timeIntervalSince1970: 1_795_322_164.123).rfc3339 == "2026-11-22T04:36:04.123Z")
        let now = Date()
        let parsed = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(now.rfc3339)
        #expect(parsed.map { abs($0.timeIntervalSince(now)) < 0.001 } == true)
    }
}
