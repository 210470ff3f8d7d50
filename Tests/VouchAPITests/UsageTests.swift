import Foundation
import HummingbirdTesting
import Testing
import VouchAPI
import VouchCore

@Suite("Usage: counted once, in the action's transaction")
struct UsageTests {
    @Test("a verified applicant counts its four document checks, its provider calls and one verification, by day")
    func countedByKindAndDay() async throws {
        try await SimulatorHarness.withSimulator { simulator in
            try await TestApp.withApp(providers: simulator.providers()) { app, client in
                let key = app.acme.apiKey
                let applicant = try await app.submittedApplicant(client, variant: 1)
                try await app.drainJobs()
                #expect(try await client.applicantState(applicant, key: key) == "verified")
                try await app.drainJobs()
                let usage = try await client.send(.get, "/v1/usage", key: key)
                #expect(usage.status == .ok, "\(String(buffer: usage.body))")
                let totals = try usage.json()["totals"] as? [String: Int] ?? [:]
                // Face checks are off in this deployment: none counted, the kind still listed.
                #expect(
                    totals == [
                        "document_checked": 4, "applicant_verified": 1, "screening_call": 1, "regulator_call": 1, "face_match": 0,
                        "monitoring": 0,
                    ]
                )
                let today = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
                let days = try usage.json()["data"] as? [[String: Any]] ?? []
                #expect(days.allSatisfy { $0["day"] as? String == today })
                let other = try await client.send(.get, "/v1/usage", key: app.globex.apiKey).json()["totals"] as? [String: Int]
                #expect(other?.values.allSatisfy { $0 == 0 } == true, "another tenant's usage is its own")
                let empty = try await client.send(.get, "/v1/usage?from=2020-01-01&to=2020-01-31", key: key).json()
                #expect((empty["data"] as? [Any])?.isEmpty == true, "a period without usage is empty, not an error")
            }
        }
    }

    @Test("malformed and impossible ranges are refused")
    func badRanges() async throws {
        try await TestApp.withApp { app, client in
            for query in ["from=2026-13-01", "to=yesterday", "from=2026-05-02&to=2026-05-01", "from=2024-01-01&to=2026-01-01"] {
                let response = try await client.send(.get, "/v1/usage?\(query)", key: app.acme.apiKey)
                #expect(response.status == .unprocessableContent, "\(query)")
                #expect(response.code == "invalid_field", "\(query)")
            }
            let reader = try await app.issueKey([.applicantsRead])
            #expect(try await client.send(.get, "/v1/usage", key: reader.secret).code == "insufficient_scope")
        }
    }
}
