import Foundation
import Testing
import VouchCore

@testable import VouchAPI

/// The status object is written by hand (`StatusBody.json`) because clients poll it; these hold
/// that writer to the `Encodable` type's encoding, and to the status object applicant events carry.
@Suite("The hand-written status JSON")
struct StatusJSONTests {
    /// Strings a merchant can put in `external_user_id`, and reasons as odd as any check could give.
    static let oddStrings = [
        "",
        "plain",
        "quote \" backslash \\ slash / newline \n return \r tab \t",
        "bell \u{07} NUL \u{00} unit separator \u{1F} delete \u{7F}",
        "é ß 東京 \u{0301}combining, 😀 and a flag 🇬🇧",
        "\u{2028} line and paragraph separators \u{2029}",
        "</script><script>alert(1)</script>",
        "\\u0041 is not an escape here",
    ]

    static var reports: [ApplicantStatusReport] {
        let updated = Date(timeIntervalSince1970: 1_795_322_164.123)
        var reports = [ApplicantStatusReport(applicantID: .generate(), externalUserID: "u", decision: nil, documents: [])]
        for (index, text) in oddStrings.enumerated() {
            let documents = DocumentType.allCases.prefix(index % 5).enumerated().map { offset, type in
                CurrentDocumentStatus(
                    id: .generate(),
                    type: type,
                    version: offset + 1,
                    status: DocumentStatus.allCases[(index + offset) % DocumentStatus.allCases.count],
                    rejectionReasons: offset == 0 ? [] : [text, "mrz_checksum_invalid"],
                    updatedAt: updated.addingTimeInterval(Double(offset) * -86_400.5)
                )
            }
            let decision = index.isMultiple(of: 3) ? nil : ApplicantStatus.allCases[index % ApplicantStatus.allCases.count]
            reports.append(ApplicantStatusReport(applicantID: .generate(), externalUserID: text, decision: decision, documents: documents))
        }
        return reports
    }

    static func object(_ bytes: some Sequence<UInt8>) throws -> NSDictionary? {
        try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) as? NSDictionary
    }

    @Test("decodes to what the encoder writes for the same object, for every status and odd string")
    func sameAsEncoder() throws {
        for report in Self.reports {
            let body = StatusBody(report)
            let handWritten = try #require(try Self.object(body.json))
            let encoded = try #require(try Self.object(try JSONCoding.encoder.encode(body)))
            #expect(handWritten == encoded, "user_id \(report.externalUserID.debugDescription)")
            #expect(handWritten["user_id"] as? String == report.externalUserID)
        }
    }

    @Test("is the status object applicant events carry")
    func sameAsEventPayload() throws {
        for report in Self.reports {
            let handWritten = try #require(try Self.object(StatusBody(report).json))
            let payload = try #require(try Self.object(try JSONEncoder().encode(report.json)))
            #expect(handWritten == payload, "user_id \(report.externalUserID.debugDescription)")
        }
    }

    @Test("lists every document type, UNVERIFIED before its upload, with members in the documented order")
    func shape() throws {
        let report = ApplicantStatusReport(applicantID: .generate(), externalUserID: "u", decision: nil, documents: [])
        let text = String(decoding: StatusBody(report).json, as: UTF8.self)
        let slots = ["ID_FRONT", "ID_BACK", "PROOF_OF_ADDRESS", "SELFIE"].map {
            #"{"doc_type":"\#($0)","doc_status":"UNVERIFIED","rejection_reasons":[],"retake":false}"#
        }
        #expect(
            text
                == #"{"applicant_id":"\#(report.applicantID)","user_id":"u","status":"unverified","submission_status":"NOT_SUBMITTED","doc_status":[\#(slots.joined(separator: ","))]}"#
        )
        // The encoder does not promise an order of members: the same object, whatever the order.
        let encoded = try #require(try Self.object(try JSONCoding.encoder.encode(StatusBody(report))))
        #expect(try Self.object(StatusBody(report).json) == encoded)
    }
}
