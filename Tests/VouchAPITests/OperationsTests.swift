import Foundation
import HummingbirdTesting
import Logging
import Postgres
import Testing
import VouchAPI
import VouchCore

/// `/metrics` and what a stopping worker gives back. The registry is the process's, shared by
/// suites running at the same time, so these tests look for their own series and for growth.
@Suite("Operations: metrics and claims handed back")
struct OperationsTests {
    static func metrics(_ client: some TestClientProtocol) async throws -> String {
        let response = try await client.send(.get, "/metrics", key: nil)
        #expect(response.status == .ok)
        #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
        return String(buffer: response.body)
    }

    /// The value of the first sample line that starts with `series` (name and labels).
    static func value(_ text: String, _ series: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    @Test("requests by route template and status, latency histograms, pool waits, queue depth and webhook backlog")
    func serverMetrics() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key)
            #expect(try await client.upload(Samples.jpeg, type: "ID_FRONT", applicant: applicant, key: key).status == .accepted)
            _ = try await client.send(.get, "/v1/applicants/\(applicant)/status", key: key)
            _ = try await client.send(.get, "/v1/applicants/app_00000000000000000000000000000000", key: key)
            await OperationalMetrics(database: app.services.database, unscoped: app.services.unscoped, logger: Logger(label: "test"))
                .sampleOnce()

            let text = try await Self.metrics(client)
            let created = #"hb_requests{http_route="/v1/applicants",http_request_method="POST",http_response_status_code="201"}"#
            #expect((Self.value(text, created) ?? 0) >= 1, "\(text.prefix(2000))")
            let notFound = #"hb_requests{http_route="/v1/applicants/{id}",http_request_method="GET",http_response_status_code="404"}"#
            #expect((Self.value(text, notFound) ?? 0) >= 1, "errors are counted by route template, never by id")
            #expect(!text.contains(applicant), "no ids in labels")
            #expect(text.contains(#"http_server_request_duration_bucket{http_route="/v1/applicants/{id}/status""#))
            #expect(text.contains("vouch_db_pool_wait_seconds_bucket"))
            #expect(text.contains(#"vouch_db_pool_connections{state="open"}"#))
            let queued = Self.value(text, #"vouch_jobs{kind="check_document",state="queued"}"#)
            #expect((queued ?? 0) >= 1, "the upload's check waits in the queue")
            #expect(Self.value(text, #"vouch_jobs_oldest_due_seconds{kind="check_document"}"#) != nil)
        }
    }

    @Test("provider latency, errors by reason and the breaker's state")
    func providerMetrics() async throws {
        try await SimulatorHarness.withSimulator { simulator in
            let breaker = CircuitBreaker.Settings(failureThreshold: 2, openDuration: .seconds(60))
            try await TestApp.withApp(providers: simulator.providers(breaker: breaker)) { app, client in
                let before = Self.value(
                    try await Self.metrics(client),
                    #"vouch_provider_errors_total{provider="screening",reason="server_error"}"#
                )
                simulator.simulator.setOutage(true)
                _ = try await app.submittedApplicant(client, variant: 1)
                _ = try await app.drainJobs()
                let text = try await Self.metrics(client)
                let after = Self.value(text, #"vouch_provider_errors_total{provider="screening",reason="server_error"}"#)
                #expect((after ?? 0) >= (before ?? 0) + 2, "before \(String(describing: before)), after \(String(describing: after))")
                #expect(text.contains(#"vouch_provider_request_duration_seconds_bucket{provider="screening""#))

                // The breaker's state, on a caller of its own (the suites share "screening").
                let name = "probe-\(UInt32.random(in: 0...UInt32.max))"
                let caller = ProviderCaller(
                    name: name,
                    endpoint: ProviderEndpoint(
                        baseURL: simulator.baseURL,
                        retry: RetryPolicy(attempts: 1),
                        breaker: CircuitBreaker.Settings(failureThreshold: 2, openDuration: .seconds(60))
                    )
                )
                defer { caller.close() }
                for _ in 0..<2 { _ = try? await caller.postJSON("/verifications", body: Array("{}".utf8), authorization: nil) }
                let state = Self.value(try await Self.metrics(client), #"vouch_provider_circuit_state{provider="\#(name)"}"#)
                #expect(state == 2, "open after two failures")
                simulator.simulator.setOutage(false)
            }
        }
    }

    @Test("a stopping worker's claimed jobs and deliveries go back to the queue, the interrupted try not counted")
    func claimsHandedBack() async throws {
        try await TestApp.withApp { app, client in
            let applicant = try await client.createApplicant(key: app.acme.apiKey)
            #expect(try await client.upload(Samples.jpeg, type: "ID_FRONT", applicant: applicant, key: app.acme.apiKey).status == .accepted)
            let claimed = try await app.services.jobs.claim(worker: "stopping-worker", limit: 10, lease: .seconds(600))
            #expect(!claimed.isEmpty)
            let running = try await app.admin("SELECT count(*) FROM jobs WHERE state = 'running' AND worker = 'stopping-worker'")
            #expect(try running[0].decode(column: 0, as: Int.self) == claimed.count)

            let claims = ClaimRepository(database: app.services.unscoped)
            #expect(try await claims.release(of: "stopping-worker") == claimed.count)
            let back = try await app.admin(
                "SELECT count(*) FROM jobs WHERE state = 'queued' AND worker IS NULL AND attempts = 0 AND lease_until IS NULL"
            )
            #expect(try back[0].decode(column: 0, as: Int.self) == claimed.count)
            let again = try await app.services.jobs.claim(worker: "next-worker", limit: 10, lease: .seconds(60))
            #expect(Set(again.map(\.id)) == Set(claimed.map(\.id)), "another worker takes them at once, not after the lease")
            #expect(try await claims.release(of: "stopping-worker") == 0, "another worker's claims are not touched")
        }
    }
}
