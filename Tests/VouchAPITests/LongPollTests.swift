import Foundation
import HummingbirdTesting
import Postgres
import TestSupport
import Testing
import VouchCore

/// `GET /v1/applicants/{id}/status?wait=N`: one call that answers at the verdict.
@Suite("Long polls of the status")
struct LongPollTests {
    @Test("a long poll is let go by a verdict written through another connection, at once")
    func releasedByVerdict() async throws {
        try await TestApp.withApp { app, client in
            await app.services.applicantChanges.listening()
            let key = app.acme.testKey
            let (applicant, review) = try await app.testModeApplicantInReview(client)
            #expect(try await client.applicantState(applicant, key: key) == "in_review")

            let started = ContinuousClock.now
            async let polled = client.send(.get, "/v1/applicants/\(applicant)/status?wait=30", key: key)
            #expect(try await eventually { app.services.applicantChanges.waiting == 1 }, "the poll waits")
            // A reviewer's decision, written by a pool of its own, as another instance would.
            let pool = PostgresPool(configuration: .init(conninfo: app.database.appURL, maximumConnections: 1))
            defer { pool.close() }
            _ = try await ReviewRepository(database: TenantDatabase(pool: pool)).decide(
                tenant: app.acme.id.testMode,
                id: try #require(ReviewID(review)),
                approve: true,
                reason: "checked by hand",
                by: .generate()
            )
            let answer = try await polled
            #expect(answer.status == .ok)
            #expect(try answer.json()["status"] as? String == "verified")
            #expect(ContinuousClock.now - started < .seconds(20), "answered at the verdict, not at the timeout")
            #expect(app.services.applicantChanges.waiting == 0, "its place is given back")
        }
    }

    @Test("without a change the poll answers after its wait; a decided applicant at once; a bad wait is 422")
    func timeoutAndValidation() async throws {
        try await TestApp.withApp { app, client in
            await app.services.applicantChanges.listening()
            let key = app.acme.apiKey
            let waiting = try await client.createApplicant(key: key)
            let started = ContinuousClock.now
            let answer = try await client.send(.get, "/v1/applicants/\(waiting)/status?wait=1", key: key)
            #expect(answer.status == .ok)
            #expect(try answer.json()["status"] as? String == "unverified")
            #expect(ContinuousClock.now - started >= .seconds(1), "it waited")

            let verified = try await app.verifiedApplicant(client, variant: 1)
            let decided = ContinuousClock.now
            let final = try await client.send(.get, "/v1/applicants/\(verified)/status?wait=30", key: key)
            #expect(try final.json()["status"] as? String == "verified")
            #expect(ContinuousClock.now - decided < .seconds(20), "a verdict that stands is answered at once")

            for bad in ["31", "-1", "soon", "1.5"] {
                let response = try await client.send(.get, "/v1/applicants/\(waiting)/status?wait=\(bad)", key: key)
                #expect(response.status == .unprocessableContent, "\(bad)")
                #expect(response.code == "invalid_field")
            }
            #expect(app.services.applicantChanges.waiting == 0)
        }
    }
}
