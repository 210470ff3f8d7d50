import Foundation
import HummingbirdTesting
import Testing
import VouchAPI
import VouchCore

/// Screening and the regulator through the real libcurl transport to the provider simulator.
@Suite("Provider checks against the simulator")
struct ProviderChecksTests {
    static func result(_ report: [String: Any], _ kind: String) -> [String: Any] {
        ((report[kind] as? [String: Any])?["result"] as? [String: Any]) ?? [:]
    }

    @Test("a clean applicant is screened and matched, each call recorded and counted once")
    func cleanApplicant() async throws {
        try await SimulatorHarness.withSimulator { simulator in
            try await TestApp.withApp(providers: simulator.providers()) { app, client in
                let applicant = try await app.submittedApplicant(client, variant: 1)
                try await app.drainJobs()
                #expect(try await client.applicantState(applicant, key: app.acme.apiKey) == "verified")
                let report = try await client.fetchChecks(applicant, key: app.acme.apiKey)
                let screening = Self.result(report, "screening")
                #expect(screening["status"] as? String == "clear")
                let details = screening["details"] as? [String: Any] ?? [:]
                #expect((details["request_id"] as? String)?.hasPrefix("sim_") == true)
                #expect(details["dataset"] as? String == "default")
                #expect(details["latency_ms"] is Double || details["latency_ms"] is Int)
                let regulator = Self.result(report, "regulator")
                #expect(regulator["status"] as? String == "match")
                #expect((regulator["reference"] as? String)?.hasPrefix("vref_") == true)
                #expect(try await app.usage(applicant: applicant) == ["regulator_call:match", "screening_call:clear"])
                #expect(simulator.simulator.requestCount("match") == 1)
                #expect(simulator.simulator.requestCount("verifications") == 1)
            }
        }
    }

    struct ScreeningCase: Sendable, CustomTestStringConvertible {
        var lastName: String
        var verdict: String
        var reason: String?
        var testDescription: String { lastName }
    }

    @Test(
        "screening hits decide by the merchant's rules; a weak candidate under the threshold is clear",
        arguments: [
            ScreeningCase(lastName: "Sanctioned", verdict: "rejected", reason: "sanctions_match"),
            ScreeningCase(lastName: "Exposed", verdict: "rejected", reason: "pep_match"),
            ScreeningCase(lastName: "Similar", verdict: "verified", reason: nil),
        ]
    )
    func screeningOutcomes(_ example: ScreeningCase) async throws {
        try await SimulatorHarness.withSimulator { simulator in
            try await TestApp.withApp(providers: simulator.providers()) { app, client in
                let applicant = try await app.submittedApplicant(client, variant: 1, lastName: example.lastName)
                try await app.drainJobs()
                #expect(try await client.applicantState(applicant, key: app.acme.apiKey) == example.verdict)
                let report = try await client.fetchChecks(applicant, key: app.acme.apiKey)
                let reasons = report["decision_reasons"] as? [String] ?? []
                if let reason = example.reason {
                    #expect(reasons.contains(reason), "\(reasons)")
                    let hits = (Self.result(report, "screening")["details"] as? [String: Any])?["hits"] as? [[String: Any]]
                    #expect(hits?.first?["score"] as? Double ?? 0 >= 0.9)
                    #expect((hits?.first?["datasets"] as? [String] ?? []).count == 1)
                } else {
                    #expect(Self.result(report, "screening")["status"] as? String == "clear")
                    #expect(Self.result(report, "screening")["top_score"] as? Double == 0.55)
                }
            }
        }
    }

    @Test("a regulator no_match sends the applicant to review by default")
    func regulatorNoMatch() async throws {
        try await SimulatorHarness.withSimulator { simulator in
            try await TestApp.withApp(providers: simulator.providers()) { app, client in
                let applicant = try await app.submittedApplicant(client, variant: 1, documentNumber: "NOMATCH01")
                try await app.drainJobs()
                #expect(try await client.applicantState(applicant, key: app.acme.apiKey) == "in_review")
                let reasons = try await client.fetchChecks(applicant, key: app.acme.apiKey)["decision_reasons"] as? [String]
                #expect(reasons?.contains("regulator_no_match") == true)
            }
        }
    }

    @Test("switched off in the rules, a check is not called and not recorded")
    func switchedOff() async throws {
        try await SimulatorHarness.withSimulator { simulator in
            try await TestApp.withApp(providers: simulator.providers()) { app, client in
                let put = try await client.putRules(#"{"screening": {"enabled": false}}"#, key: app.acme.apiKey)
                #expect(put.status == .ok, "\(String(buffer: put.body))")
                let applicant = try await app.submittedApplicant(client, variant: 1, lastName: "Sanctioned")
                try await app.drainJobs()
                #expect(try await client.applicantState(applicant, key: app.acme.apiKey) == "verified")
                #expect(simulator.simulator.requestCount("match") == 0)
                #expect(try await app.usage(applicant: applicant) == ["regulator_call:match"])
            }
        }
    }

    @Test("a provider that fails is recorded as error and retried, never passed; on the last try, review")
    func failingProvider() async throws {
        try await SimulatorHarness.withSimulator { simulator in
            // The breaker stays open however slowly a loaded machine gets to the last try.
            let breaker = CircuitBreaker.Settings(failureThreshold: 5, openDuration: .seconds(600))
            try await TestApp.withApp(providers: simulator.providers(breaker: breaker)) { app, client in
                let applicant = try await app.submittedApplicant(client, variant: 1, documentNumber: "ERROR0001")
                try await app.drainJobs()
                #expect(try await client.applicantState(applicant, key: app.acme.apiKey) == "processing")
                #expect(simulator.simulator.requestCount("verifications") == 3, "a 500 is retried within the call")
                var report = try await client.fetchChecks(applicant, key: app.acme.apiKey)
                #expect(Self.result(report, "regulator")["status"] as? String == "error")
                #expect((Self.result(report, "regulator")["details"] as? [String: Any])?["error"] as? String == "http_500")
                let jobs = try await app.jobRows()
                #expect(jobs.contains { $0.kind == "decide_applicant" && $0.state == "queued" }, "waiting to be retried")

                try await app.makeJobsDue()
                try await app.drainJobs()
                #expect(try await client.applicantState(applicant, key: app.acme.apiKey) == "processing")
                try await app.makeJobsDueOnLastTry()
                try await app.drainJobs()
                #expect(try await client.applicantState(applicant, key: app.acme.apiKey) == "in_review")
                report = try await client.fetchChecks(applicant, key: app.acme.apiKey)
                #expect((report["decision_reasons"] as? [String])?.contains("regulator_unavailable") == true)
                #expect(Self.result(report, "screening")["status"] as? String == "clear")
                #expect(simulator.simulator.requestCount("match") == 1, "the clear screening stood; it was not asked again")
                // Two calls reached the regulator; the last try met the open breaker and made none.
                #expect(
                    try await app.usage(applicant: applicant) == ["regulator_call:error", "regulator_call:error", "screening_call:clear"]
                )
            }
        }
    }

    @Test("429 with Retry-After is waited out and tried again; malformed JSON is not retried")
    func rateLimitedAndMalformed() async throws {
        try await SimulatorHarness.withSimulator { simulator in
            try await TestApp.withApp(providers: simulator.providers()) { app, client in
                let clock = ContinuousClock()
                let start = clock.now
                let limited = try await app.submittedApplicant(client, variant: 1, documentNumber: "RATELIMIT")
                try await app.drainJobs()
                #expect(simulator.simulator.requestCount("verifications") == 3)
                #expect(clock.now - start >= .seconds(2), "Retry-After: 1 honoured twice")
                #expect(try await client.applicantState(limited, key: app.acme.apiKey) == "processing")
                let details = Self.result(try await client.fetchChecks(limited, key: app.acme.apiKey), "regulator")["details"]
                #expect((details as? [String: Any])?["error"] as? String == "http_429")

                // The limited applicant's retry waits out of the way of the next case.
                _ = try await app.admin("UPDATE jobs SET run_at = now() + interval '1 hour' WHERE state = 'queued'")
                let malformed = try await app.submittedApplicant(client, variant: 2, documentNumber: "MALFORMED")
                try await app.drainJobs()
                #expect(simulator.simulator.requestCount("verifications") == 4, "a body that is not JSON is not asked again at once")
                let malformedDetails = Self.result(try await client.fetchChecks(malformed, key: app.acme.apiKey), "regulator")["details"]
                #expect((malformedDetails as? [String: Any])?["error"] as? String == "malformed_response")
            }
        }
    }

    @Test("an answer after the provider timeout is an error, and the breaker opens after repeated failures")
    func timeoutAndBreaker() async throws {
        try await SimulatorHarness.withSimulator { simulator in
            let providers = simulator.providers(
                timeout: .milliseconds(500),
                retry: RetryPolicy(attempts: 1),
                breaker: .init(failureThreshold: 2, openDuration: .seconds(60))
            )
            try await TestApp.withApp(providers: providers) { app, client in
                for variant in 1...3 {
                    _ = try await app.submittedApplicant(client, variant: variant, documentNumber: "SLOW0000\(variant)")
                }
                try await app.drainJobs()
                #expect(simulator.simulator.requestCount("verifications") == 2, "after two timeouts the third call is not made")
                let errors = try await app.admin(
                    "SELECT result->'details'->>'error' FROM applicant_checks WHERE kind = 'regulator' ORDER BY created_at"
                ).map { try $0.decode(column: 0, as: String.self) }
                #expect(Array(errors.prefix(3)) == ["transport_timed_out", "transport_timed_out", "circuit_open"])
                #expect(errors.dropFirst(3).allSatisfy { $0 == "circuit_open" }, "\(errors)")
                let usage = try await app.admin("SELECT count(*) FROM usage_events WHERE kind = 'regulator_call'")
                #expect(try usage[0].decode(column: 0, as: Int.self) == 2, "a call the breaker refused is not billed")
                #expect(providers.callers.first { $0.name == "regulator" }?.breaker.state() == .open)
            }
        }
    }
}
