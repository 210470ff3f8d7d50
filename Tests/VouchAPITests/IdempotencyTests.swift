import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import VouchAPI
import VouchCore

/// What a stored `Idempotency-Key` response may reveal, to whom, and for how long.
@Suite("Idempotency-Key records")
struct IdempotencyTests {
    static func keyed(_ key: String) -> HTTPFields { [.init("Idempotency-Key")!: key] }
    static let replayed = HTTPField.Name("Idempotent-Replayed")!
    static let newKey = #"{"name": "backend", "scopes": ["applicants:read"]}"#

    @Test("every merchant route declares its scopes where it is registered, for the replay check")
    func routesDeclareScopes() async throws {
        try await TestApp.withApp { app, _ in
            let registry = RouteRegistry()
            _ = buildRouter(app.services, registry: registry)
            let merchant = registry.routes.filter { $0.contains(" /v1/") && !$0.contains("/v1/callbacks/") }
            #expect(merchant.count > 20)
            for route in merchant {
                let parts = route.split(separator: " ", maxSplits: 1).map(String.init)
                let access = registry.access(.init(parts[0])!, parts[1])
                #expect(access?.scopes.isEmpty == false, "\(route)")
            }
            let simulate = registry.access(.post, "/v1/rules/simulate")
            #expect(simulate?.scopes == [.rulesRead, .applicantsRead])
            #expect(simulate?.replaysIdempotently == false)
            #expect(registry.access(.post, "/v1/api-keys")?.scopes == [.keysManage])
        }
    }

    @Test("a response is replayed to the API key that made it, never to another key of the tenant")
    func boundToTheAPIKey() async throws {
        try await TestApp.withApp { app, client in
            let admin = app.acme.apiKey
            let first = try await client.send(.post, "/v1/api-keys", key: admin, json: Self.newKey, headers: Self.keyed("k-1"))
            #expect(first.status == .created)
            let secret = try first.json()["secret"] as? String
            #expect(secret?.hasPrefix("vk_") == true)

            let other = try await app.issueKey([.keysManage, .applicantsRead]).secret
            let theirs = try await client.send(.post, "/v1/api-keys", key: other, json: Self.newKey, headers: Self.keyed("k-1"))
            #expect(theirs.status == .created, "another key's request runs as its own")
            #expect(theirs.headers[Self.replayed] == nil)
            #expect(try theirs.json()["secret"] as? String != secret, "the first key's secret is not replayed")

            let again = try await client.send(.post, "/v1/api-keys", key: admin, json: Self.newKey, headers: Self.keyed("k-1"))
            #expect(again.headers[Self.replayed] == "true")
            #expect(try again.json()["secret"] as? String == secret)
            #expect(try await app.count("idempotency_keys") == 2)
        }
    }

    @Test("a key without the route's scope is refused before anything stored is looked at")
    func scopeBeforeReplay() async throws {
        try await TestApp.withApp { app, client in
            let reader = try await app.issueKey([.applicantsRead])
            // A record under way for this very key: the scope is checked first, so it answers
            // 403, not 409, and a malformed key answers 403, not 400.
            _ = try await app.admin(
                """
                INSERT INTO idempotency_keys (tenant_id, api_key_id, key, request_hash, state)
                VALUES ('\(app.acme.id.uuid)', '\(reader.record.id.uuid)', 'held', '\\x00', 'in_progress')
                """
            )
            let body = #"{"external_user_id": "u1"}"#
            let held = try await client.send(.post, "/v1/applicants", key: reader.secret, json: body, headers: Self.keyed("held"))
            #expect(held.status == .forbidden)
            #expect(held.code == "insufficient_scope")
            let malformed = try await client.send(.post, "/v1/applicants", key: reader.secret, json: body, headers: Self.keyed("two words"))
            #expect(malformed.code == "insufficient_scope")
            let fresh = try await client.send(.post, "/v1/applicants", key: reader.secret, json: body, headers: Self.keyed("fresh"))
            #expect(fresh.code == "insufficient_scope")
            #expect(try await app.count("idempotency_keys") == 1, "nothing claimed for a refused key")
        }
    }

    @Test("stored bodies are sealed: neither a secret nor personal data is in the table")
    func sealedAtRest() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let created = try await client.send(.post, "/v1/api-keys", key: key, json: Self.newKey, headers: Self.keyed("key-1"))
            let secret = try #require(try created.json()["secret"] as? String)
            let applicant = try await client.send(
                .post,
                "/v1/applicants",
                key: key,
                json: #"{"external_user_id": "u1", "first_name": "Zebedee", "email": "zebedee@example.com"}"#,
                headers: Self.keyed("app-1")
            )
            #expect(applicant.status == .created)

            let rows = try await app.admin("SELECT response_sealed, response_key_id IS NOT NULL FROM idempotency_keys ORDER BY key")
            #expect(rows.count == 2)
            for row in rows {
                let (sealed, hasKey) = try row.decode([UInt8].self, Bool.self)
                let text = String(decoding: sealed, as: UTF8.self)
                #expect(!sealed.isEmpty && hasKey)
                for plaintext in [secret, "Zebedee", "zebedee@example.com", "\"id\""] { #expect(!text.contains(plaintext)) }
            }

            let replay = try await client.send(.post, "/v1/api-keys", key: key, json: Self.newKey, headers: Self.keyed("key-1"))
            #expect(replay.headers[Self.replayed] == "true")
            #expect(try replay.json()["secret"] as? String == secret, "opened again for its own key")
        }
    }

    @Test("records older than 24 hours are swept, for every tenant; younger ones stay")
    func expiredRecordsAreSwept() async throws {
        try await TestApp.withApp { app, client in
            for (tenant, name) in [(app.acme.apiKey, "old-acme"), (app.globex.apiKey, "old-globex"), (app.acme.apiKey, "young")] {
                let response = try await client.send(
                    .post,
                    "/v1/applicants",
                    key: tenant,
                    json: #"{"external_user_id": "\#(name)"}"#,
                    headers: Self.keyed(name)
                )
                #expect(response.status == .created)
            }
            _ = try await app.admin("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key LIKE 'old-%'")

            #expect(try await IdempotencyRepository.sweepExpired(database: app.services.unscoped) == 2)
            let left = try await app.admin("SELECT key FROM idempotency_keys").map { try $0.decode(column: 0, as: String.self) }
            #expect(left == ["young"])
            #expect(try await IdempotencyRepository.sweepExpired(database: app.services.unscoped, batch: 1) == 0)
        }
    }

    @Test("erasing an applicant deletes the stored responses about it, and only those")
    func erasurePurges() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let create = #"{"external_user_id": "erase-me", "first_name": "Zebedee"}"#
            let created = try await client.send(.post, "/v1/applicants", key: key, json: create, headers: Self.keyed("create"))
            let applicant = try #require(try created.json()["id"] as? String)
            let session = try await client.send(
                .post,
                "/v1/applicants/\(applicant)/sessions",
                key: key,
                json: "{}",
                headers: Self.keyed("session")
            )
            #expect(session.status == .created || session.status == .ok, "\(String(buffer: session.body))")
            let kept = try await client.send(
                .post,
                "/v1/applicants",
                key: key,
                json: #"{"external_user_id": "keep-me"}"#,
                headers: Self.keyed("keep")
            )
            let keptID = try #require(try kept.json()["id"] as? String)
            let bound = try await app.admin("SELECT key, applicant_id FROM idempotency_keys ORDER BY key").map {
                try $0.decode(String.self, UUID.self)
            }
            #expect(bound.map(\.0) == ["create", "keep", "session"])
            #expect(bound.map { ApplicantID(uuid: $0.1).description } == [applicant, keptID, applicant])

            #expect(try await client.send(.delete, "/v1/applicants/\(applicant)", key: key).status == .ok)
            let left = try await app.admin("SELECT key FROM idempotency_keys").map { try $0.decode(column: 0, as: String.self) }
            #expect(left == ["keep"])

            // The same request again runs again, not replayed: the erased applicant's
            // external_user_id is free, so it makes a new applicant.
            let again = try await client.send(.post, "/v1/applicants", key: key, json: create, headers: Self.keyed("create"))
            #expect(again.headers[Self.replayed] == nil)
            #expect(again.status == .created)
            #expect(try again.json()["id"] as? String != applicant)
        }
    }
    @Test("a response finished after its applicant was erased is dropped, not stored")
    func erasedWhileRunning() async throws {
        try await TestApp.withApp { app, client in
            let id = try #require(ApplicantID(try await client.createApplicant(key: app.acme.apiKey)))
            let caller = try await app.issueKey([.applicantsWrite]).record.id
            let records = app.services.idempotency
            #expect(try await records.claim(tenant: app.acme.id, apiKey: caller, key: "late", requestHash: [1]) == .started)
            #expect(try await app.services.applicants.erase(tenant: app.acme.id, id: id) != nil)
            let late = StoredResponse(status: 200, contentType: "application/json", body: Array(#"{"first_name": "Ada"}"#.utf8))
            try await records.complete(tenant: app.acme.id, apiKey: caller, key: "late", response: late, applicant: id)
            #expect(try await app.count("idempotency_keys") == 0)
            #expect(try await records.claim(tenant: app.acme.id, apiKey: caller, key: "late", requestHash: [1]) == .started, "a retry runs")
        }
    }

    /// A request that failed because the database went away frees its claim (even one whose
    /// commit it never heard back about) and only its own: a concurrent request's claim of the
    /// same key stays, and a finished response is never released.
    @Test("releasing frees only the releasing request's own claim, and never a finished one")
    func releaseIsPerClaim() async throws {
        try await TestApp.withApp { app, _ in
            let caller = try await app.issueKey([.applicantsWrite]).record.id
            let records = app.services.idempotency
            let (mine, theirs) = (UUID(), UUID())
            #expect(try await records.claim(tenant: app.acme.id, apiKey: caller, key: "k", requestHash: [1], claim: mine) == .started)
            try await records.release(tenant: app.acme.id, apiKey: caller, key: "k", claim: theirs)
            #expect(try await records.claim(tenant: app.acme.id, apiKey: caller, key: "k", requestHash: [1], claim: theirs) == .inProgress)

            await records.releaseEventually(tenant: app.acme.id, apiKey: caller, key: "k", claim: mine)
            #expect(try await records.claim(tenant: app.acme.id, apiKey: caller, key: "k", requestHash: [1], claim: theirs) == .started)

            let done = StoredResponse(status: 201, contentType: "application/json", body: Array("{}".utf8))
            try await records.complete(tenant: app.acme.id, apiKey: caller, key: "k", response: done, applicant: nil)
            try await records.release(tenant: app.acme.id, apiKey: caller, key: "k", claim: theirs)
            guard case .replay(let stored) = try await records.claim(tenant: app.acme.id, apiKey: caller, key: "k", requestHash: [1]) else {
                Issue.record("a finished response was released")
                return
            }
            #expect(stored.status == 201)
        }
    }

    /// A request cut off while its writes were being committed may have taken effect: its key
    /// neither replays nor runs it again, and says why.
    @Test("a key whose first request's commit was cut off answers 409 idempotency_outcome_unknown")
    func uncertainOutcome() async throws {
        try await TestApp.withApp { app, client in
            let caller = try await app.issueKey([.applicantsWrite]).record.id
            let records = app.services.idempotency
            let claim = UUID()
            #expect(try await records.claim(tenant: app.acme.id, apiKey: caller, key: "cut", requestHash: [1], claim: claim) == .started)
            await records.markUncertainEventually(tenant: app.acme.id, apiKey: caller, key: "cut", claim: claim)
            #expect(try await records.claim(tenant: app.acme.id, apiKey: caller, key: "cut", requestHash: [1]) == .outcomeUnknown)

            let body = #"{"external_user_id": "cut-off"}"#
            let first = try await client.send(.post, "/v1/applicants", key: app.acme.apiKey, json: body, headers: Self.keyed("api-cut"))
            #expect(first.status == .created)
            _ = try await app.admin("UPDATE idempotency_keys SET state = 'uncertain', response_status = NULL WHERE key = 'api-cut'")
            let retry = try await client.send(.post, "/v1/applicants", key: app.acme.apiKey, json: body, headers: Self.keyed("api-cut"))
            #expect(retry.status == .conflict)
            #expect(retry.code == "idempotency_outcome_unknown")
            #expect(retry.headers[.retryAfter] == nil, "waiting does not help: the client has to look")
        }
    }
}
