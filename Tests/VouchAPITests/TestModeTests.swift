import Foundation
import HTTPTypes
import HummingbirdTesting
import Postgres
import TestSupport
import Testing
import VouchAPI
import VouchCore

/// Test mode end to end: its keys, the fence between the modes, the magic values that stand in
/// for the providers, its webhooks, its usage and the wipe of its data.
@Suite("Test mode")
struct TestModeTests {
    @Test("a tenant gets a test key; test objects say livemode false, live ones true; a live key makes test keys")
    func keysAndLivemode() async throws {
        try await TestApp.withApp { app, client in
            #expect(app.acme.testKey.hasPrefix("vk_test_"))
            #expect(app.acme.testKey.contains(app.acme.id.testMode.uuid.compactHex))
            let test = try await client.createApplicant(key: app.acme.testKey)
            let live = try await client.createApplicant(key: app.acme.apiKey)
            let testObject = try await client.send(.get, "/v1/applicants/\(test)", key: app.acme.testKey).json()
            #expect(testObject["livemode"] as? Bool == false)
            let liveObject = try await client.send(.get, "/v1/applicants/\(live)", key: app.acme.apiKey).json()
            #expect(liveObject["livemode"] as? Bool == true)

            let made = try await client.send(
                .post,
                "/v1/api-keys",
                key: app.acme.apiKey,
                json: #"{"name": "ci", "scopes": ["applicants:read"], "livemode": false}"#
            )
            #expect(made.status == .created)
            let secret = try made.json()["secret"] as? String ?? ""
            #expect(secret.hasPrefix("vk_test_"))
            #expect(try made.json()["livemode"] as? Bool == false)
            #expect(try await client.send(.get, "/v1/applicants/\(test)", key: secret).status == .ok)
            #expect(try await client.send(.get, "/v1/applicants/\(live)", key: secret).status == .notFound)

            let escalation = try await client.send(
                .post,
                "/v1/api-keys",
                key: app.acme.testKey,
                json: #"{"name": "up", "scopes": ["applicants:read"], "livemode": true}"#
            )
            #expect(escalation.status == .forbidden)
            #expect(escalation.code == "live_mode_not_held")

            // A key whose prefix claims the other mode than its tenant id is no key.
            let relabelled = "vk_live_" + app.acme.testKey.dropFirst("vk_test_".count)
            #expect(try await client.send(.get, "/v1/applicants", key: relabelled).status == .unauthorized)
        }
    }

    @Test("a tenant created before test mode opens it with its first test key")
    func openedLater() async throws {
        try await TestApp.withApp { app, client in
            _ = try await app.admin("DELETE FROM api_keys WHERE tenant_id = '\(app.globex.id.testMode.uuid)'")
            _ = try await app.admin("DELETE FROM tenant_data_keys WHERE tenant_id = '\(app.globex.id.testMode.uuid)'")
            _ = try await app.admin("DELETE FROM tenants WHERE id = '\(app.globex.id.testMode.uuid)'")
            let made = try await client.send(
                .post,
                "/v1/api-keys",
                key: app.globex.apiKey,
                json: #"{"name": "sandbox", "scopes": ["applicants:read", "applicants:write"], "livemode": false}"#
            )
            #expect(made.status == .created, "\(String(buffer: made.body))")
            let secret = try made.json()["secret"] as? String ?? ""
            let applicant = try await client.createApplicant(key: secret)
            #expect(try await client.send(.get, "/v1/applicants/\(applicant)", key: secret).json()["livemode"] as? Bool == false)
        }
    }

    @Test("Postgres keeps the modes apart: a test-mode transaction sees no live row and cannot write one")
    func databaseFence() async throws {
        try await TestApp.withApp { app, client in
            _ = try await client.createApplicant(key: app.acme.apiKey)
            _ = try await client.createApplicant(key: app.acme.testKey)
            let pool = PostgresPool(configuration: .init(conninfo: app.database.appURL, maximumConnections: 1))
            defer { pool.close() }
            let database = TenantDatabase(pool: pool)
            let twin = app.acme.id.testMode
            let seen: Int = try await database.transaction(twin) { tx in
                try tx.query("SELECT count(*) FROM applicants")[0].decode(column: 0)
            }
            #expect(seen == 1)
            await #expect(throws: PostgresError.self) {
                try await database.transaction(twin) { tx in
                    try tx.query(
                        "INSERT INTO applicants (tenant_id, id, external_user_id) VALUES (\(app.acme.id.uuid), \(UUID()), 'x')"
                    )
                }
            }
            // A twin's id carries its mode: a test-mode tenant row with a live id is refused.
            await #expect(throws: PostgresError.self) {
                _ = try await app.admin(
                    "INSERT INTO tenants (id, name, live_tenant_id) VALUES ('\(UUID())', 'fake', '\(app.globex.id.uuid)')"
                )
            }
            // The wipe refuses a live tenant's scope whoever calls it.
            await #expect(throws: PostgresError.self) {
                try await database.transaction(app.acme.id) { tx in try tx.query("SELECT * FROM delete_test_data()") }
            }
        }
    }

    struct MagicCase: Sendable, CustomTestStringConvertible {
        var lastName = "Lovelace"
        var documentNumber: String?
        var verdict: String
        var reason: String?
        var testDescription: String { documentNumber ?? lastName }
    }

    @Test(
        "every magic value decides its outcome in test mode, with no provider configured",
        arguments: [
            MagicCase(verdict: "verified"),
            MagicCase(lastName: "Sanctioned", verdict: "rejected", reason: "sanctions_match"),
            MagicCase(lastName: "Exposed", verdict: "rejected", reason: "pep_match"),
            MagicCase(lastName: "Similar", verdict: "verified"),
            MagicCase(documentNumber: "NOMATCH01", verdict: "in_review", reason: "regulator_no_match"),
        ]
    )
    func magicValues(_ example: MagicCase) async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.testKey
            let applicant = try await app.submittedApplicant(
                client,
                variant: 1,
                lastName: example.lastName,
                documentNumber: example.documentNumber,
                key: key
            )
            try await app.drainJobs()
            #expect(try await client.applicantState(applicant, key: key) == example.verdict)
            let report = try await client.fetchChecks(applicant, key: key)
            let reasons = report["decision_reasons"] as? [String] ?? []
            if let reason = example.reason { #expect(reasons.contains(reason), "\(reasons)") }
            let screening = ProviderChecksTests.result(report, "screening")
            #expect((screening["details"] as? [String: Any])?["provider"] as? String == "test_mode")
            if example.lastName == "Similar" { #expect(screening["top_score"] as? Double == 0.55) }
            let regulator = ProviderChecksTests.result(report, "regulator")
            #expect((regulator["details"] as? [String: Any])?["provider"] as? String == "test_mode")
        }
    }

    @Test("a failing magic provider is an error, retried, and on the last try sends the applicant to review")
    func failingMagic() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.testKey
            let applicant = try await app.submittedApplicant(client, variant: 1, lastName: "Unavailable", key: key)
            try await app.drainJobs()
            #expect(try await client.applicantState(applicant, key: key) == "processing")
            let report = try await client.fetchChecks(applicant, key: key)
            #expect(ProviderChecksTests.result(report, "screening")["status"] as? String == "error")
            try await app.makeJobsDueOnLastTry()
            try await app.drainJobs()
            #expect(try await client.applicantState(applicant, key: key) == "in_review")
        }
    }

    @Test("PENDING waits for the stand-in callback, due after the configured delay, then verifies")
    func pendingThenCallback() async throws {
        let slowCallback: @Sendable (inout AppConfiguration) -> Void = { $0.testModeCallbackDelay = .seconds(30) }
        try await TestApp.withApp(configure: slowCallback) { app, client in
            let key = app.acme.testKey
            let applicant = try await app.submittedApplicant(client, variant: 1, documentNumber: "PENDING01", key: key)
            try await app.drainJobs()
            #expect(try await client.applicantState(applicant, key: key) == "processing")
            let report = try await client.fetchChecks(applicant, key: key)
            #expect(ProviderChecksTests.result(report, "regulator")["status"] as? String == "pending")
            let delay: Double = try await app.admin(
                "SELECT extract(epoch FROM run_at - created_at)::float8 FROM jobs WHERE kind = 'answer_test_regulator'"
            )[0].decode(column: 0)
            #expect(delay >= 29 && delay <= 31, "the callback is due after the delay, not before")

            try await app.makeJobsDue()
            try await app.drainJobs()
            #expect(try await client.applicantState(applicant, key: key) == "verified")
            let after = try await client.fetchChecks(applicant, key: key)
            #expect(ProviderChecksTests.result(after, "regulator")["status"] as? String == "match")
        }
    }

    @Test("test events reach only test endpoints, signed, with livemode false; live events only live ones")
    func webhooksByMode() async throws {
        let liveReceiver = try WebhookReceiver()
        let testReceiver = try WebhookReceiver()
        try await TestApp.withWebhooks { app, client in
            let liveEndpoint = try await client.createEndpoint(url: liveReceiver.url, key: app.acme.apiKey)
            let testEndpoint = try await client.createEndpoint(url: testReceiver.url, key: app.acme.testKey)
            try await liveReceiver.control(secrets: [liveEndpoint.secret])
            try await testReceiver.control(secrets: [testEndpoint.secret])
            let test = try await client.createApplicant(key: app.acme.testKey)
            let live = try await client.createApplicant(key: app.acme.apiKey)
            let gotTest = try await testReceiver.waitFor(1)
            let gotLive = try await liveReceiver.waitFor(1)
            #expect(gotTest.map(\.applicantID) == [test])
            #expect(gotTest.first?.livemode == false)
            #expect(gotTest.first?.verifiedWith == [0], "standardwebhooks verifies it with the test endpoint's secret")
            #expect(gotLive.map(\.applicantID) == [live])
            #expect(gotLive.first?.livemode == true)
            let testEndpoints = try await client.send(.get, "/v1/webhook-endpoints", key: app.acme.testKey).json()
            #expect((testEndpoints["data"] as? [[String: Any]])?.map { $0["id"] as? String } == [testEndpoint.id])
        }
    }

    @Test("test usage shows in /v1/usage as not billable and in no billing export")
    func usageNeverBilled() async throws {
        try await TestApp.withApp { app, client in
            let applicant = try await app.submittedApplicant(client, variant: 1, key: app.acme.testKey)
            try await app.drainJobs()
            #expect(try await client.applicantState(applicant, key: app.acme.testKey) == "verified")
            let usage = try await client.send(.get, "/v1/usage", key: app.acme.testKey).json()
            #expect(usage["livemode"] as? Bool == false)
            #expect(usage["billable"] as? Bool == false)
            let totals = usage["totals"] as? [String: Int] ?? [:]
            #expect(totals.values.reduce(0, +) > 0, "\(totals)")
            let liveUsage = try await client.send(.get, "/v1/usage", key: app.acme.apiKey).json()
            #expect((liveUsage["totals"] as? [String: Int] ?? [:]).values.reduce(0, +) == 0)

            let period = BillingPeriod(String(Date().rfc3339.prefix(7)))!
            let pool = PostgresPool(configuration: .init(conninfo: app.database.adminURL, maximumConnections: 1))
            defer { pool.close() }
            let lines = try await BillingRepository.lines(adminPool: pool, period: period)
            #expect(lines.isEmpty, "\(lines)")
            #expect(try await TenantRepository.list(adminPool: pool).map(\.id) == [app.acme.id, app.globex.id])
        }
    }

    @Test("DELETE /v1/test-data wipes test applicants and all they left; live data, keys and endpoints stay")
    func wipe() async throws {
        try await TestApp.withApp(configure: TenantIsolationTests.allowLoopback) { app, client in
            let live = try await app.verifiedApplicant(client, variant: 1)
            let test = try await app.submittedApplicant(client, variant: 2, key: app.acme.testKey)
            try await app.drainJobs()
            _ = try await client.createEndpoint(url: "http://127.0.0.1:9/test", key: app.acme.testKey)
            let twin = app.acme.id.testMode.uuid
            #expect(
                try await app.admin("SELECT count(*) FROM documents WHERE tenant_id = '\(twin)'")[0].decode(column: 0, as: Int.self) == 4
            )

            let response = try await client.send(.delete, "/v1/test-data", key: app.acme.apiKey)
            #expect(response.status == .ok)
            let deleted = try response.json()["deleted"] as? [String: Int] ?? [:]
            #expect(deleted["applicants"] == 1)
            #expect(deleted["documents"] == 4)

            let relations = try await SchemaFence.relations(adminURL: app.database.adminURL).filter {
                $0.holdsTenantData && !$0.isPartition
            }
            let kept: Set<String> = ["tenants", "api_keys", "tenant_data_keys", "webhook_endpoints", "audit_events", "audit_heads"]
            for relation in relations where !kept.contains(relation.name) {
                let column = relation.name == "tenants" ? "id" : "tenant_id"
                let left: Int = try await app.admin("SELECT count(*) FROM \(relation.name) WHERE \(column) = '\(twin)'")[0]
                    .decode(column: 0)
                #expect(left == 0, "\(relation.name) still holds test rows")
            }
            #expect(try await client.send(.get, "/v1/applicants/\(test)", key: app.acme.testKey).status == .notFound)
            #expect(try await client.send(.get, "/v1/applicants/\(live)", key: app.acme.apiKey).status == .ok)
            #expect(try await client.applicantState(live, key: app.acme.apiKey) == "verified")
            let endpoints = try await client.send(.get, "/v1/webhook-endpoints", key: app.acme.testKey).json()
            #expect((endpoints["data"] as? [Any])?.count == 1, "endpoints stay")
            let audit = try await client.send(.get, "/v1/audit-events?action=test_data.deleted", key: app.acme.testKey)
            #expect((try audit.json()["data"] as? [Any])?.count == 1)
        }
    }

    @Test("suspending a tenant stops its test keys too")
    func suspensionReachesTestMode() async throws {
        try await TestApp.withApp { app, client in
            let pool = PostgresPool(configuration: .init(conninfo: app.database.adminURL, maximumConnections: 1))
            defer { pool.close() }
            try await TenantRepository.setStatus(adminPool: pool, id: app.acme.id, status: .suspended)
            #expect(try await eventually { try await client.send(.get, "/v1/applicants", key: app.acme.testKey).status == .forbidden })
            try await TenantRepository.setStatus(adminPool: pool, id: app.acme.id, status: .active)
            #expect(try await eventually { try await client.send(.get, "/v1/applicants", key: app.acme.testKey).status == .ok })
        }
    }
}
