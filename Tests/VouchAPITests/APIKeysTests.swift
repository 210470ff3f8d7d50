import Foundation
import HTTPTypes
import HummingbirdTesting
import Postgres
import TestSupport
import Testing
import VouchAPI
import VouchCore

@Suite("API keys: scopes, the secret shown once, revocation everywhere")
struct APIKeysTests {
    @Test("a key made with chosen scopes can do exactly that; its secret is shown once; revoking stops it at once")
    func lifecycle() async throws {
        try await TestApp.withApp { app, client in
            let admin = app.acme.apiKey
            let created = try await client.send(
                .post,
                "/v1/api-keys",
                key: admin,
                json: #"{"name": "read only", "scopes": ["applicants:read"]}"#
            )
            #expect(created.status == .created)
            let body = try created.json()
            let secret = try #require(body["secret"] as? String)
            let id = try #require(body["id"] as? String)
            #expect(secret.hasPrefix("vk_live_"))
            #expect(body["scopes"] as? [String] == ["applicants:read"])

            #expect(try await client.send(.get, "/v1/applicants", key: secret).status == .ok)
            let refused = try await client.send(.post, "/v1/applicants", key: secret, json: #"{"external_user_id": "x"}"#)
            #expect(refused.status == .forbidden)
            #expect(refused.code == "insufficient_scope")

            await app.services.authenticator.flushUsage()
            let list = try await client.send(.get, "/v1/api-keys", key: admin).json()["data"] as? [[String: Any]] ?? []
            let listed = try #require(list.first { $0["id"] as? String == id })
            #expect(listed["secret"] == nil, "never shown again")
            #expect(listed["last_used_at"] is String, "use is recorded (in batches)")
            #expect(listed["revoked_at"] is NSNull)

            let revoked = try await client.send(.delete, "/v1/api-keys/\(id)", key: admin)
            #expect(try revoked.json()["revoked"] as? Bool == true)
            #expect(try await client.send(.get, "/v1/applicants", key: secret).status == .unauthorized)
            #expect(try await client.send(.delete, "/v1/api-keys/\(id)", key: admin).status == .notFound, "already revoked")
        }
    }

    @Test("unknown scopes, empty lists, stronger keys and other tenants' keys are refused")
    func refusals() async throws {
        try await TestApp.withApp { app, client in
            let admin = app.acme.apiKey
            let cases: [(String, String)] = [
                (#"{"name": "x", "scopes": ["applicants:obliterate"]}"#, "invalid_field"),
                (#"{"name": "x", "scopes": []}"#, "invalid_field"),
                (#"{"name": "", "scopes": ["applicants:read"]}"#, "invalid_field"),
                (#"{"scopes": ["applicants:read"]}"#, "missing_field"),
                (#"{"name": "x", "scopes": ["applicants:read"], "admin": true}"#, "unknown_field"),
            ]
            for (json, code) in cases {
                #expect(try await client.send(.post, "/v1/api-keys", key: admin, json: json).code == code, "\(json)")
            }
            let keyManager = try await app.issueKey([.keysManage, .applicantsRead])
            let escalation = try await client.send(
                .post,
                "/v1/api-keys",
                key: keyManager.secret,
                json: #"{"name": "stronger", "scopes": ["applicants:read", "rules:manage"]}"#
            )
            #expect(escalation.status == .forbidden)
            #expect(escalation.code == "scope_not_held")
            let allowed = try await client.send(
                .post,
                "/v1/api-keys",
                key: keyManager.secret,
                json: #"{"name": "weaker", "scopes": ["applicants:read"]}"#
            )
            #expect(allowed.status == .created)

            let acmeKey = try await app.issueKey([.applicantsRead])
            #expect(try await client.send(.delete, "/v1/api-keys/\(acmeKey.record.id)", key: app.globex.apiKey).status == .notFound)
            #expect(try await client.send(.get, "/v1/applicants", key: acmeKey.secret).status == .ok, "still works")
            let globexList = try await client.send(.get, "/v1/api-keys", key: app.globex.apiKey).json()["data"] as? [[String: Any]]
            #expect(globexList?.count == 1, "Globex sees only its own key")
        }
    }

    @Test("a key revoked through one instance stops working on another within a second")
    func revocationReachesOtherInstances() async throws {
        try await TestApp.withApp { app, client in
            let key = try await app.issueKey([.applicantsRead])
            // A second instance: its own authenticator, cache and LISTEN connection.
            let other = APIKeyAuthenticator(
                repository: APIKeyRepository(database: app.services.database),
                cacheLifetime: 3600,
                listenerURL: app.configuration.databaseURL
            )
            let running = Task { try await other.run() }
            await other.listening()
            #expect(try await other.authenticate(key.secret) != nil, "cached on the other instance")
            #expect(try await app.services.authenticator.revoke(tenant: app.acme.id, key: key.record.id))
            let gone = try await eventually(timeout: .seconds(1)) { try await other.authenticate(key.secret) == nil }
            #expect(gone, "the other instance dropped the key although its cache lasts an hour")
            running.cancel()
            _ = try? await running.value
            #expect(try await client.send(.get, "/v1/applicants", key: key.secret).status == .unauthorized)
        }
    }
}

@Suite("Tenant suspension")
struct TenantSuspensionTests {
    @Test("a suspended tenant's keys answer 403 tenant_suspended on every route at once; resumed, they work; others are untouched")
    func suspendAndResume() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key)
            #expect(try await client.send(.get, "/v1/applicants/\(applicant)", key: key).status == .ok, "cached as active")
            let pool = PostgresPool(configuration: .init(conninfo: app.database.adminURL, maximumConnections: 1))
            defer { pool.close() }
            #expect(try await TenantRepository.setStatus(adminPool: pool, id: app.acme.id, status: .suspended))
            let routes: [(HTTPRequest.Method, String, String?)] = [
                (.get, "/v1/applicants/\(applicant)", nil),
                (.get, "/v1/applicants", nil),
                (.post, "/v1/applicants", #"{"external_user_id": "later"}"#),
                (.get, "/v1/rules", nil),
                (.get, "/v1/events", nil),
                (.post, "/v1/webhook-endpoints", #"{"url": "https://93.184.216.34/x"}"#),
                (.get, "/v1/api-keys", nil),
            ]
            #expect(
                try await eventually(timeout: .seconds(2)) {
                    try await client.send(.get, "/v1/applicants", key: key).code == "tenant_suspended"
                }
            )
            for (method, path, json) in routes {
                let response = try await client.send(method, path, key: key, json: json)
                #expect(response.status == .forbidden, "\(method) \(path)")
                #expect(response.code == "tenant_suspended", "\(method) \(path)")
            }
            #expect(try await client.send(.get, "/v1/applicants", key: app.globex.apiKey).status == .ok)
            #expect(try await app.count("applicants") == 1, "its data stays")

            #expect(try await TenantRepository.setStatus(adminPool: pool, id: app.acme.id, status: .active))
            #expect(
                try await eventually(timeout: .seconds(2)) {
                    try await client.send(.get, "/v1/applicants/\(applicant)", key: key).status == .ok
                }
            )
        }
    }
}
