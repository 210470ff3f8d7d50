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

@Suite("The hand-written status JSON")
struct StatusJSONTests {
    @Test("matches JSONEncoder's output for the same object, escapes included")
    func sameAsEncoder() throws {
        var body = StatusBody.sample
        body.userID = "quote \" backslash \\ newline \n tab \t bell \u{07} é 😀"
        let handWritten = try JSONSerialization.jsonObject(with: Data(body.json)) as? NSDictionary
        let encoded = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(body)) as? NSDictionary
        #expect(handWritten != nil)
        #expect(handWritten == encoded)
        var empty = body
        empty.docStatus = []
        let emptyJSON = try JSONSerialization.jsonObject(with: Data(empty.json)) as? [String: Any]
        #expect((emptyJSON?["doc_status"] as? [Any])?.isEmpty == true)
    }
}

extension StatusBody {
    static var sample: StatusBody {
        var body = StatusBody(
            ApplicantStatusReport(applicantID: .generate(), externalUserID: "u", decision: nil, documents: [])
        )
        body.docStatus = [
            DocStatus(
                docType: "ID_FRONT",
                docStatus: "REJECTED",
                documentID: "doc_1",
                version: 2,
                rejectionReasons: ["mrz_checksum_invalid", "expired"],
                updatedAt: "2026-11-22T04:36:04.123Z"
            ),
            DocStatus(
                docType: "SELFIE",
                docStatus: "SUBMITTED",
                documentID: "doc_2",
                version: 1,
                rejectionReasons: [],
                updatedAt: "2026-11-22T04:36:05.000Z"
            ),
        ]
        return body
    }
}
