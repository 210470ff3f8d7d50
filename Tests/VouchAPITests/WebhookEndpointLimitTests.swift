import Foundation
import HummingbirdTesting
import Postgres
import Testing
import VouchAPI
import VouchCore

/// Every event writes a delivery per endpoint in its own transaction: how many a tenant may have.
@Suite("Webhook endpoints per tenant")
struct WebhookEndpointLimitTests {
    static func create(_ client: some TestClientProtocol, key: String, _ index: Int) async throws -> TestResponse {
        try await client.send(.post, "/v1/webhook-endpoints", key: key, json: #"{"url": "https://93.184.216.34/hooks/\#(index)"}"#)
    }

    @Test("the plan's default allows 20 endpoints; the 21st is refused until one is deleted")
    func defaultLimit() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            var ids: [String] = []
            for index in 1...20 {
                let created = try await Self.create(client, key: key, index)
                #expect(created.status == .created, "\(index): \(String(buffer: created.body))")
                ids.append(try created.json()["id"] as? String ?? "")
            }
            let refused = try await Self.create(client, key: key, 21)
            #expect(refused.status == .conflict)
            #expect(refused.code == "webhook_endpoint_limit_reached")
            #expect(
                try refused.json()["detail"] as? String
                    == "This merchant's plan allows 20 webhook endpoints; delete one before adding another."
            )
            #expect(try await app.count("webhook_endpoints") == 20)
            #expect(try await Self.create(client, key: app.globex.apiKey, 1).status == .created, "the limit is per tenant")

            #expect(try await client.send(.delete, "/v1/webhook-endpoints/\(ids[0])", key: key).status == .ok)
            #expect(try await Self.create(client, key: key, 22).status == .created)
        }
    }

    @Test("a plan's own limit applies to its tenants at once")
    func planLimit() async throws {
        try await TestApp.withApp { app, client in
            let pool = PostgresPool(configuration: .init(conninfo: app.database.adminURL, maximumConnections: 1))
            defer { pool.close() }
            let small = Plan(
                name: "small",
                currency: "EUR",
                prices: [:],
                keyRequestsPerSecond: nil,
                tenantRequestsPerSecond: nil,
                webhookEndpointLimit: 2
            )
            try await PlanRepository.define(adminPool: pool, small)
            #expect(try await PlanRepository.list(adminPool: pool).first { $0.name == "small" }?.webhookEndpointLimit == 2)
            #expect(try await PlanRepository.list(adminPool: pool).first { $0.name == "standard" }?.webhookEndpointLimit == 20)
            try await PlanRepository.assign(adminPool: pool, tenant: app.acme.id, plan: "small")

            for index in 1...2 { #expect(try await Self.create(client, key: app.acme.apiKey, index).status == .created) }
            let refused = try await Self.create(client, key: app.acme.apiKey, 3)
            #expect(refused.code == "webhook_endpoint_limit_reached")
            #expect(
                try refused.json()["detail"] as? String
                    == "This merchant's plan allows 2 webhook endpoints; delete one before adding another."
            )
            #expect(try await Self.create(client, key: app.globex.apiKey, 3).status == .created)

            var roomy = small
            roomy.webhookEndpointLimit = 3
            try await PlanRepository.define(adminPool: pool, roomy)
            #expect(try await Self.create(client, key: app.acme.apiKey, 3).status == .created)

            var none = small
            none.webhookEndpointLimit = 0
            await #expect(throws: VouchError.invalidPlan("a plan allows at least 1 webhook endpoint")) {
                try await PlanRepository.define(adminPool: pool, none)
            }
        }
    }
}
