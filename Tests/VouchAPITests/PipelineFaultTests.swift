import Foundation
import HummingbirdTesting
import TestSupport
import Testing
import VouchAPI
import VouchCore

@Suite("Verification pipeline under faults")
struct PipelineFaultTests {
    /// Every server connection to the test's database is cut, repeatedly, while real workers
    /// process a stream of applicants: each applicant still gets exactly one verdict and one
    /// verdict event, and no job is left behind.
    @Test func connectionsCutUnderLoadLoseNothingAndDoNothingTwice() async throws {
        try await TestApp.withApp(role: .all) { app, client in
            let count = 12
            var applicants: [String] = []
            for index in 0..<count {
                // A request that meets a cut connection answers 503 and changes nothing; the
                // merchant retries it, as Retry-After says.
                let created = try await Self.retryingUnavailable {
                    try await client.send(
                        .post,
                        "/v1/applicants",
                        key: app.acme.apiKey,
                        json:
                            #"{"external_user_id": "fault-\#(index)", "first_name": "Ada", "last_name": "Lovelace", "date_of_birth": "1990-12-10"}"#
                    )
                }
                #expect(created.status == .created)
                let applicant = try created.json()["id"] as? String ?? ""
                applicants.append(applicant)
                let mrz = MRZSamples.td1(documentNumber: "F\(String(format: "%07d", index))X")
                for json in PipelineFlowTests.uploadBodies(mrz: mrz) {
                    let response = try await Self.retryingUnavailable {
                        try await client.send(.post, "/v1/applicants/\(applicant)/documents", key: app.acme.apiKey, json: json)
                    }
                    #expect(response.status == .accepted)
                }
                if index % 3 == 1 {
                    _ = try await app.admin(
                        """
                        SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                        WHERE datname = '\(app.database.name)' AND usename = 'vouch_app'
                        """
                    )
                }
            }
            let allDecided = try await eventually(timeout: .seconds(60), interval: .milliseconds(200)) {
                let undecided: Int = try await app.admin("SELECT count(*) FROM applicants WHERE decision IS NULL")[0].decode(column: 0)
                return undecided == 0
            }
            #expect(allDecided)
            for applicant in applicants {
                let status = try await client.send(.get, "/v1/applicants/\(applicant)/status", key: app.acme.apiKey).json()
                #expect(status["status"] as? String == "verified", "\(status)")
            }
            let verdictEvents: Int = try await app.admin("SELECT count(*) FROM events WHERE type = 'applicant.verified'")[0].decode(
                column: 0
            )
            #expect(verdictEvents == count)
            let documentEvents: Int = try await app.admin("SELECT count(*) FROM events WHERE type = 'document.verified'")[0].decode(
                column: 0
            )
            #expect(documentEvents == count * 4)
            let decisions: Int = try await app.admin("SELECT count(*) FROM applicant_checks WHERE kind = 'decision'")[0].decode(column: 0)
            #expect(decisions == count)
            #expect(try await app.count("jobs") == 0)
        }
    }

    /// Sends again (up to five times) while the answer is 503, as a merchant following Retry-After would.
    static func retryingUnavailable(_ send: () async throws -> TestResponse) async throws -> TestResponse {
        for _ in 0..<4 {
            let response = try await send()
            if response.status != .serviceUnavailable { return response }
            try await letTimePass(.milliseconds(100), "a client honouring Retry-After before sending again")
        }
        return try await send()
    }
}
