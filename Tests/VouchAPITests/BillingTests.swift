import Foundation
import HummingbirdTesting
import Postgres
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
}
