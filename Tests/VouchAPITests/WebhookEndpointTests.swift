import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import VouchAPI
import VouchCore

@Suite("Webhook endpoints API and the egress guard")
struct WebhookEndpointTests {
    static let allowLoopback: @Sendable (inout AppConfiguration) -> Void = { $0.egress = EgressPolicy(allowed: [CIDR("127.0.0.0/8")!]) }

    static let refusedURLs = [
        "https://user:pass@hooks.example.com/in",
        "http://93.184.216.34/in",
        "ftp://93.184.216.34/in",
        "https://127.0.0.1/in",
        "https://10.1.2.3/in",
        "https://172.16.0.9/in",
        "https://192.168.1.1/in",
        "https://169.254.169.254/latest/meta-data",
        "https://100.64.0.1/in",
        "https://[::1]/in",
        "https://[::ffff:127.0.0.1]/in",
        "https://[::ffff:169.254.169.254]/in",
        "https://[fd00::1]/in",
        "https://[fe80::1]/in",
        "https://224.0.0.1/in",
        "https://0.0.0.0/in",
        "https://localhost/in",
        "https://no-such-host.invalid/in",
        "not a url",
    ]

    @Test("URLs that are not https, carry credentials, or reach private and reserved addresses are refused", arguments: refusedURLs)
    func refusedAtRegistration(url: String) async throws {
        try await TestApp.withApp { app, client in
            let body = String(decoding: try JSONSerialization.data(withJSONObject: ["url": url]), as: UTF8.self)
            let response = try await client.send(.post, "/v1/webhook-endpoints", key: app.acme.apiKey, json: body)
            #expect(response.status == .unprocessableContent, "\(url)")
            #expect(response.code == "url_not_allowed", "\(url)")
            #expect(try await app.count("webhook_endpoints") == 0)
        }
    }

    @Test("a public https address is accepted; only an operator's allow-list lets loopback and http through")
    func allowList() async throws {
        try await TestApp.withApp { app, client in
            let accepted = try await client.send(
                .post,
                "/v1/webhook-endpoints",
                key: app.acme.apiKey,
                json: #"{"url": "https://93.184.216.34/hooks", "events": ["applicant.verified", "document.rejected"]}"#
            )
            #expect(accepted.status == .created)
            #expect(try accepted.json()["events"] as? [String] == ["applicant.verified", "document.rejected"])
        }
        try await TestApp.withApp(configure: Self.allowLoopback) { app, client in
            let local = try await client.send(
                .post,
                "/v1/webhook-endpoints",
                key: app.acme.apiKey,
                json: #"{"url": "http://127.0.0.1:9/x"}"#
            )
            #expect(local.status == .created)
            let stillRefused = try await client.send(
                .post,
                "/v1/webhook-endpoints",
                key: app.acme.apiKey,
                json: #"{"url": "https://10.0.0.1/x"}"#
            )
            #expect(stillRefused.code == "url_not_allowed")
        }
    }

    @Test("bad bodies get stable codes; another tenant's endpoint is not found; the secret is shown only twice")
    func badInputAndIsolation() async throws {
        try await TestApp.withApp(configure: Self.allowLoopback) { app, client in
            let key = app.acme.apiKey
            let cases: [(String, String)] = [
                (#"{"url": "http://127.0.0.1:9/x", "events": ["applicant.exploded"]}"#, "invalid_field"),
                (#"{"url": "http://127.0.0.1:9/x", "colour": "red"}"#, "unknown_field"),
                (#"{"events": ["*"]}"#, "missing_field"),
                (#"{"url": "http://127.0.0.1:9/x", "events": []}"#, "invalid_field"),
                (#"{"url": 5}"#, "invalid_field"),
                (#"{"url": "#, "malformed_json"),
            ]
            for (body, code) in cases {
                let response = try await client.send(.post, "/v1/webhook-endpoints", key: key, json: body)
                #expect(response.code == code, "\(body)")
            }
            let created = try await client.createEndpoint(url: "http://127.0.0.1:9/x", key: key)
            let shown = try await client.send(.get, "/v1/webhook-endpoints/\(created.id)", key: key).json()
            #expect(shown["secret"] == nil, "the secret is not shown again")
            #expect(shown["events"] as? [String] == ["*"])
            let badStatus = try await client.send(.patch, "/v1/webhook-endpoints/\(created.id)", key: key, json: #"{"status": "disabled"}"#)
            #expect(badStatus.code == "invalid_field")
            let paused = try await client.send(.patch, "/v1/webhook-endpoints/\(created.id)", key: key, json: #"{"status": "paused"}"#)
            #expect(try paused.json()["status"] as? String == "paused")

            let other = app.globex.apiKey
            for (method, path) in [
                (HTTPRequest.Method.get, "/v1/webhook-endpoints/\(created.id)"),
                (.patch, "/v1/webhook-endpoints/\(created.id)"),
                (.delete, "/v1/webhook-endpoints/\(created.id)"),
                (.post, "/v1/webhook-endpoints/\(created.id)/rotate-secret"),
                (.get, "/v1/webhook-endpoints/\(created.id)/deliveries"),
            ] {
                let response = try await client.send(method, path, key: other, json: method == .patch ? #"{"description": "x"}"# : nil)
                #expect(response.status == .notFound, "\(method) \(path)")
            }
            let globexList = try await client.send(.get, "/v1/webhook-endpoints", key: other).json()
            #expect((globexList["data"] as? [Any])?.isEmpty == true)
            let globexEvents = try await client.send(.get, "/v1/events", key: other).json()
            #expect((globexEvents["data"] as? [Any])?.isEmpty == true)

            let deleted = try await client.send(.delete, "/v1/webhook-endpoints/\(created.id)", key: key)
            #expect(try deleted.json()["deleted"] as? Bool == true)
            #expect(try await client.send(.get, "/v1/webhook-endpoints/\(created.id)", key: key).status == .notFound)
        }
    }
}

@Suite("Webhook claims are fair across tenants")
struct WebhookFairnessTests {
    @Test("one tenant's backlog does not hold back another tenant's delivery: it is in the first batch claimed")
    func turnsAcrossTenants() async throws {
        try await TestApp.withApp(configure: WebhookEndpointTests.allowLoopback) { app, client in
            _ = try await client.createEndpoint(url: "http://127.0.0.1:9/acme", key: app.acme.apiKey)
            for _ in 0..<30 { _ = try await client.createApplicant(key: app.acme.apiKey) }
            _ = try await client.createEndpoint(url: "http://127.0.0.1:9/globex", key: app.globex.apiKey)
            _ = try await client.createApplicant(key: app.globex.apiKey)
            let claimed = try await app.admin(
                "SELECT tenant_id FROM claim_webhook_deliveries('test', 5, interval '1 minute')"
            ).map { try $0.decode(column: 0, as: UUID.self) }
            #expect(claimed.count == 5)
            #expect(claimed.contains(app.globex.id.uuid), "Globex's one delivery goes in the first turn")
            #expect(claimed.filter { $0 == app.acme.id.uuid }.count == 4)
        }
    }
}
