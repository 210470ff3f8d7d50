import Foundation
import HTTPTypes
import HummingbirdTesting
import Postgres
import TestSupport
import Testing
import VouchAPI
import VouchCore

@Suite("Billing exports")
struct BillingTests {
    /// This month, as the export names it.
    static var thisMonth: String { String(ISO8601DateFormatter().string(from: Date()).prefix(7)) }

    @Test("the merchant's export and the operator's reconcile with the usage, priced by the plan, in CSV and JSON")
    func exportReconciles() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            _ = try await app.verifiedApplicant(client, variant: 1)
            _ = try await app.verifiedApplicant(client, variant: 2)
            let json = try await client.send(.get, "/v1/billing/export?period=\(Self.thisMonth)", key: key)
            #expect(json.status == .ok, "\(String(buffer: json.body))")
            let tenants = try json.json()["tenants"] as? [[String: Any]] ?? []
            #expect(tenants.count == 1, "only the caller's tenant")
            let items = tenants.first?["items"] as? [[String: Any]] ?? []
            let byKind = Dictionary(uniqueKeysWithValues: items.map { ($0["kind"] as? String ?? "", $0) })
            #expect(byKind["document_checked"]?["quantity"] as? Int == 8)
            #expect(byKind["applicant_verified"]?["quantity"] as? Int == 2)
            #expect(byKind["applicant_verified"]?["amount_minor"] as? Int == 200, "the standard plan's 100 cents each")
            #expect(tenants.first?["total_minor"] as? Int == 8 * 10 + 2 * 100)
            #expect(tenants.first?["currency"] as? String == "EUR")

            let csv = try await client.send(.get, "/v1/billing/export?period=\(Self.thisMonth)&format=csv", key: key)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let text = String(buffer: csv.body)
            let rows = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(rows.first == "period,tenant_id,tenant_name,plan,currency,kind,quantity,unit_price_minor,amount_minor")
            #expect(rows.last?.hasSuffix(",total,,,280") == true, "\(rows)")
            #expect(text.hasSuffix("\r\n"))

            let pool = PostgresPool(configuration: .init(conninfo: app.database.adminURL, maximumConnections: 1))
            defer { pool.close() }
            let period = try #require(BillingPeriod(Self.thisMonth))
            let operatorLines = try await BillingExport.allTenants(adminPool: pool, period: period)
            let acmeLines = operatorLines.filter { $0.tenantID == app.acme.id }
            #expect(BillingExport.csv(acmeLines, period: period) == text, "the operator's export says the same")
            #expect(!operatorLines.contains { $0.tenantID == app.globex.id }, "a tenant without usage has no lines")
        }
    }

    @Test("periods: malformed, in the future, missing; a month without usage is empty; names with commas are quoted")
    func periods() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            for query in ["period=2026-13", "period=26-11", "period=2026-1", "period=2999-01", "", "period=2026-11&format=xml"] {
                let response = try await client.send(.get, "/v1/billing/export?\(query)", key: key)
                #expect(response.status == .unprocessableContent, "\(query)")
            }
            let empty = try await client.send(.get, "/v1/billing/export?period=2020-02&format=csv", key: key)
            #expect(
                String(buffer: empty.body) == "period,tenant_id,tenant_name,plan,currency,kind,quantity,unit_price_minor,amount_minor\r\n"
            )
            let closed = try await client.send(.get, "/v1/billing/export?period=2020-02", key: key).json()
            #expect(closed["closed"] as? Bool == true)
            #expect((closed["tenants"] as? [Any])?.isEmpty == true)
        }
        let line = BillingLine(
            tenantID: TenantID.generate(),
            tenantName: "Acme, \"Global\"",
            plan: "standard",
            currency: "EUR",
            kind: "screening_call",
            quantity: 3,
            unitPrice: 25
        )
        let csv = BillingExport.csv([line], period: BillingPeriod("2026-11")!)
        #expect(csv.contains(#","Acme, ""Global""",standard,EUR,screening_call,3,25,75"#))
    }

    static func adminPool(_ app: TestApp) -> PostgresPool {
        PostgresPool(configuration: .init(conninfo: app.database.adminURL, maximumConnections: 1))
    }

    static func acmeGroups(_ client: some TestClientProtocol, _ app: TestApp) async throws -> [[String: Any]] {
        let export = try await client.send(.get, "/v1/billing/export?period=\(thisMonth)", key: app.acme.apiKey).json()
        return export["tenants"] as? [[String: Any]] ?? []
    }

    static func unitPrices(_ group: [String: Any]) -> [String: Int] {
        let items = group["items"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: items.map { ($0["kind"] as? String ?? "", $0["unit_price_minor"] as? Int ?? -1) })
    }

    @Test("usage keeps the price it was counted at: a new price list or plan changes only what comes after")
    func pricesAreKeptPerEvent() async throws {
        try await TestApp.withApp { app, client in
            _ = try await app.verifiedApplicant(client, variant: 1)
            let pool = Self.adminPool(app)
            defer { pool.close() }
            let standard = Plan(
                name: "standard",
                currency: "EUR",
                prices: [.applicantVerified: 999, .documentChecked: 99],
                keyRequestsPerSecond: nil,
                tenantRequestsPerSecond: nil
            )
            try await PlanRepository.define(adminPool: pool, standard)
            let premium = Plan(
                name: "premium",
                currency: "EUR",
                prices: [.applicantVerified: 500, .documentChecked: 50],
                keyRequestsPerSecond: 1000,
                tenantRequestsPerSecond: 2000
            )
            try await PlanRepository.define(adminPool: pool, premium)
            let before = try await Self.acmeGroups(client, app)
            #expect(before.count == 1)
            #expect(Self.unitPrices(before[0]) == ["applicant_verified": 100, "document_checked": 10], "counted before the change")

            #expect(try await PlanRepository.assign(adminPool: pool, tenant: app.acme.id, plan: "premium"))
            _ = try await app.verifiedApplicant(client, variant: 2)
            let after = try await Self.acmeGroups(client, app)
            #expect(after.compactMap { $0["plan"] as? String } == ["premium", "standard"], "one total per plan")
            #expect(Self.unitPrices(after[0]) == ["applicant_verified": 500, "document_checked": 50])
            #expect(after[0]["total_minor"] as? Int == 500 + 4 * 50)
            #expect(after[1]["total_minor"] as? Int == 100 + 4 * 10, "the earlier usage did not change")

            let plans = try await PlanRepository.list(adminPool: pool)
            #expect(plans.map(\.name) == ["premium", "standard"])
            await #expect(throws: VouchError.invalidPlan("there is no plan gold")) {
                try await PlanRepository.assign(adminPool: pool, tenant: app.acme.id, plan: "gold")
            }
            let bad = Plan(name: "Bad Name", currency: "EUR", prices: [:], keyRequestsPerSecond: nil, tenantRequestsPerSecond: nil)
            await #expect(throws: VouchError.self) { try await PlanRepository.define(adminPool: pool, bad) }
            let negative = Plan(name: "neg", currency: "eur", prices: [:], keyRequestsPerSecond: 0, tenantRequestsPerSecond: nil)
            #expect(negative.problem != nil)
        }
    }

    @Test("a plan's request limits apply to its tenants, and reach a running instance's key cache on a change")
    func planLimits() async throws {
        let limited: @Sendable (inout AppConfiguration) -> Void = { $0.rateLimits = RateLimitSettings(enabled: true) }
        try await TestApp.withApp(configure: limited) { app, client in
            let pool = Self.adminPool(app)
            defer { pool.close() }
            let other = APIKeyAuthenticator(
                repository: APIKeyRepository(database: app.services.database),
                cacheLifetime: 3600,
                listenerURL: app.configuration.databaseURL
            )
            let running = Task { try await other.run() }
            defer { running.cancel() }
            await other.listening()
            #expect(try await other.authenticate(app.acme.apiKey)?.planLimits == PlanRateLimits(), "the default plan has none")

            let tiny = Plan(name: "tiny", currency: "EUR", prices: [:], keyRequestsPerSecond: 2, tenantRequestsPerSecond: 50)
            try await PlanRepository.define(adminPool: pool, tiny)
            #expect(try await PlanRepository.assign(adminPool: pool, tenant: app.acme.id, plan: "tiny"))
            let reached = try await eventually(timeout: .seconds(1)) {
                try await other.authenticate(app.acme.apiKey)?.planLimits.perKey?.quota == 2
            }
            #expect(reached, "the cached key took the new plan's limits within a second")

            let key = try await app.issueKey([.applicantsRead]).secret
            let statuses = try await withThrowingTaskGroup(of: TestResponse.self) { group in
                for _ in 0..<8 { group.addTask { try await client.send(.get, "/v1/applicants?limit=1", key: key) } }
                return try await group.reduce(into: [TestResponse]()) { $0.append($1) }
            }
            let passed = statuses.filter { $0.status == .ok }
            #expect((2...3).contains(passed.count), "a burst of the plan's 2 per second, not the default 100: \(passed.count)")
            #expect(passed.first?.headers[HTTPField.Name("RateLimit-Policy")!] == #""tiny";q=2;w=1"#)
            let globex = try await client.send(.get, "/v1/applicants", key: app.globex.apiKey)
            #expect(globex.headers[HTTPField.Name("RateLimit-Policy")!] == #""default";q=100;w=1"#, "other tenants keep theirs")
        }
    }
}
