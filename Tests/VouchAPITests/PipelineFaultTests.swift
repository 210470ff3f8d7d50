import Foundation
import HummingbirdTesting
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
                let applicant = try await client.createApplicant(key: app.acme.apiKey)
                applicants.append(applicant)
                let mrz = MRZSamples.td1(documentNumber: "F\(String(format: "%07d", index))X")
                try await PipelineFlowTests.uploadAll(client, applicant: applicant, key: app.acme.apiKey, mrz: mrz)
                if index % 3 == 1 {
                    _ = try await app.admin(
                        """
                        SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                        WHERE datname = '\(app.database.name)' AND usename = 'vouch_app'
                        """
                    )
                }
            }
            let deadline = ContinuousClock.now + .seconds(60)
            var undecided = count
            while ContinuousClock.now < deadline {
                undecided = try await app.admin("SELECT count(*) FROM applicants WHERE decision IS NULL")[0].decode(column: 0)
                if undecided == 0 { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(undecided == 0)
            for applicant in applicants {
                let status = try await client.send(.get, "/v1/applicants/\(applicant)/status", key: app.acme.apiKey).json()
                #expect(status["status"] as? String == "verified", "\(status)")
            }
            let verdictEvents: Int = try await app.admin("SELECT count(*) FROM events WHERE type = 'applicant.verified'")[0].decode(column: 0)
            #expect(verdictEvents == count)
            let documentEvents: Int = try await app.admin("SELECT count(*) FROM events WHERE type = 'document.verified'")[0].decode(column: 0)
            #expect(documentEvents == count * 4)
            let decisions: Int = try await app.admin("SELECT count(*) FROM applicant_checks WHERE kind = 'decision'")[0].decode(column: 0)
            #expect(decisions == count)
            #expect(try await app.count("jobs") == 0)
        }
    }
}
