import Foundation
import HummingbirdTesting
import Testing
import VouchAPI
import VouchCore

@Suite("Verification pipeline, end to end")
struct PipelineFlowTests {
    /// Uploads the four documents an applicant needs, with a valid zone on the back of the card.
    static func uploadAll(_ client: any TestClientProtocol, applicant: String, key: String, mrz: String = MRZSamples.td1()) async throws {
        for json in uploadBodies(mrz: mrz) {
            let response = try await client.send(.post, "/v1/applicants/\(applicant)/documents", key: key, json: json)
            #expect(response.status == .accepted, "\(String(buffer: response.body))")
        }
    }

    /// The JSON bodies of four good, unique documents for the profile `createApplicant` makes.
    static func uploadBodies(mrz: String = MRZSamples.td1()) -> [String] {
        let today = CivilDateText.today()
        let zone = mrz.replacingOccurrences(of: "\n", with: "\\n")
        return [
            #"{"doc_type": "ID_FRONT", "doc_body": "\#(Data(Samples.photo(unique: true)).base64EncodedString())"}"#,
            #"{"doc_type": "ID_BACK", "doc_body": "\#(Data(Samples.photo(unique: true)).base64EncodedString())", "mrz": "\#(zone)"}"#,
            #"{"doc_type": "PROOF_OF_ADDRESS", "doc_body": "\#(Data(Samples.uniqueStatement()).base64EncodedString())", "fields": {"issue_date": "\#(today)"}}"#,
            #"{"doc_type": "SELFIE", "doc_body": "\#(Data(Samples.photo(width: 720, height: 960, unique: true)).base64EncodedString())"}"#,
        ]
    }

    @Test func fourGoodDocumentsMakeTheApplicantVerified() async throws {
        try await TestApp.withApp { app, client in
            let applicant = try await client.createApplicant(key: app.acme.apiKey)
            try await Self.uploadAll(client, applicant: applicant, key: app.acme.apiKey)
            let before = try await client.send(.get, "/v1/applicants/\(applicant)/status", key: app.acme.apiKey).json()
            #expect(before["status"] as? String == "processing")
            try await app.drainJobs()
            let status = try await client.send(.get, "/v1/applicants/\(applicant)/status", key: app.acme.apiKey).json()
            #expect(status["status"] as? String == "verified", "\(status)")
            let docs = status["doc_status"] as? [[String: Any]] ?? []
            #expect(docs.count == 4)
            #expect(docs.allSatisfy { $0["doc_status"] as? String == "VERIFIED" }, "\(docs)")
            let checks = try await client.send(.get, "/v1/applicants/\(applicant)/checks", key: app.acme.apiKey).json()
            let decision = checks["decision_result"] as? [String: Any]
            #expect(decision?["status"] as? String == "verified", "\(checks)")
            let screening = checks["screening"] as? [String: Any]
            #expect(screening?["status"] as? String == "skipped")
        }
    }
}

/// Today's date as YYYY-MM-DD (UTC).
enum CivilDateText {
    static func today() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }
}
