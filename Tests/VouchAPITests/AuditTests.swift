import Foundation
import HTTPTypes
import HummingbirdTesting
import Postgres
import Testing
import VouchAPI
import VouchCore

@Suite("The audit log: every write and document read, hash-chained per tenant")
struct AuditTests {
    static func auditEvents(_ client: some TestClientProtocol, key: String, query: String = "") async throws -> [[String: Any]] {
        let response = try await client.send(.get, "/v1/audit-events?limit=100\(query)", key: key)
        #expect(response.status == .ok, "\(String(buffer: response.body))")
        return try response.json()["data"] as? [[String: Any]] ?? []
    }

    static func verify(_ app: TestApp, tenant: TenantID) async throws -> AuditChainReport {
        let pool = PostgresPool(configuration: .init(conninfo: app.database.adminURL, maximumConnections: 1))
        defer { pool.close() }
        return try #require(try await AuditChain.verify(adminPool: pool, tenant: tenant).first)
    }

    /// Creates an applicant, uploads, reads the bytes, issues a session and uploads with it.
    static func merchantActions(_ app: TestApp, _ client: some TestClientProtocol) async throws -> (
        applicant: String, document: String, fileRequestID: String
    ) {
        let key = app.acme.apiKey
        let applicant = try await client.createApplicant(key: key)
        let upload = try await client.upload(Samples.jpeg, type: "ID_FRONT", applicant: applicant, key: key)
        let document = try #require(try upload.json()["id"] as? String)
        let file = try await client.send(
            .get,
            "/v1/documents/\(document)/file",
            key: key,
            headers: [.init("X-Request-Id")!: "req-file-read-1"]
        )
        #expect(file.status == .ok)
        let session = try await client.send(.post, "/v1/applicants/\(applicant)/sessions", key: key)
        let token = try #require(try session.json()["token"] as? String)
        let body = #"{"doc_type": "SELFIE", "doc_body": "\#(Data(Samples.jpeg).base64EncodedString())"}"#
        let submitted = try await client.send(.post, "/api/v1/user/me/kyc/submit", key: token, json: body)
        #expect(submitted.status == .ok)
        return (applicant, document, "req-file-read-1")
    }

    @Test("writes and document reads are recorded with the key or session that made them, newest first")
    func recordsWhoDidWhat() async throws {
        try await TestApp.withApp(maximumFileBytes: 64 * 1024) { app, client in
            let key = app.acme.apiKey
            let (applicant, document, requestID) = try await Self.merchantActions(app, client)
            let created = try await client.send(.post, "/v1/api-keys", key: key, json: #"{"name": "ops", "scopes": ["audit:read"]}"#)
            let newKey = try #require(try created.json()["id"] as? String)
            #expect(try await client.send(.put, "/v1/rules", key: key, json: #"{"minimum_age": 21}"#).status == .ok)
            #expect(try await client.send(.delete, "/v1/api-keys/\(newKey)", key: key).status == .ok)
            #expect(try await client.send(.delete, "/v1/applicants/\(applicant)", key: key).status == .ok)
            // Reads other than document bytes are not audited.
            #expect(try await client.send(.get, "/v1/applicants/\(applicant)", key: key).status == .ok)

            let events = try await Self.auditEvents(client, key: key)
            let actions = events.compactMap { $0["action"] as? String }
            #expect(
                actions.reversed() == [
                    "applicant.created", "document.uploaded", "document.file_read", "applicant.session_issued", "document.uploaded",
                    "api_key.created", "rules.updated", "api_key.revoked", "applicant.erased",
                ],
                "\(actions)"
            )
            let sequences = events.compactMap { $0["sequence"] as? Int }
            #expect(sequences == Array((1...9).reversed()), "numbered without gaps, newest first")
            let keyID = try #require(try await app.services.authenticator.authenticate(key)).keyID.description
            let read = try #require(events.first { $0["action"] as? String == "document.file_read" })
            #expect((read["actor"] as? [String: Any])?["id"] as? String == keyID)
            #expect((read["actor"] as? [String: Any])?["type"] as? String == "api_key")
            #expect(read["object_id"] as? String == document)
            #expect(read["request_id"] as? String == requestID)
            #expect((read["details"] as? [String: Any])?["doc_type"] as? String == "ID_FRONT")
            let bySession = try #require(events.first { $0["action"] as? String == "document.uploaded" })
            #expect((bySession["actor"] as? [String: Any])?["type"] as? String == "applicant_session")
            #expect((bySession["actor"] as? [String: Any])?["id"] as? String == applicant)
            let first = try #require(events.last)
            #expect(first["previous_hash"] as? String == "", "the chain starts empty")
            #expect(events[1]["hash"] as? String == events[0]["previous_hash"] as? String, "each row links to the one before")

            let report = try await Self.verify(app, tenant: app.acme.id)
            #expect(report.intact && report.rowsChecked == 9, "\(report)")
        }
    }

    @Test("filters by object and action, pages with starting_after; needs audit:read; other tenants see nothing")
    func readingTheLog() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            var applicants: [String] = []
            for _ in 0..<3 { applicants.append(try await client.createApplicant(key: key)) }
            let about = try await Self.auditEvents(client, key: key, query: "&object_id=\(applicants[1])")
            #expect(about.count == 1 && about.first?["object_id"] as? String == applicants[1])
            let page = try await client.send(.get, "/v1/audit-events?limit=2", key: key).json()
            let firstPage = page["data"] as? [[String: Any]] ?? []
            #expect(firstPage.count == 2 && page["has_more"] as? Bool == true)
            let cursor = try #require(firstPage.last?["id"] as? String)
            let rest = try await Self.auditEvents(client, key: key, query: "&starting_after=\(cursor)")
            #expect(rest.compactMap { $0["sequence"] as? Int } == [1])
            #expect(try await Self.auditEvents(client, key: key, query: "&action=applicant.erased").isEmpty)

            #expect(try await Self.auditEvents(client, key: app.globex.apiKey).isEmpty, "Globex sees none of Acme's rows")
            let reader = try await app.issueKey([.applicantsRead])
            let refused = try await client.send(.get, "/v1/audit-events", key: reader.secret)
            #expect(refused.status == .forbidden)
            let long = String(repeating: "x", count: 101)
            for query in ["starting_after=app_1", "object_id=\(long)", "action=\(long)", "object_id=", "limit=0", "limit=101"] {
                let refused = try await client.send(.get, "/v1/audit-events?\(query)", key: key)
                #expect(refused.status == .unprocessableContent, "\(query)")
                #expect(refused.code == "invalid_field", "\(query)")
            }
        }
    }

    @Test("a refused action leaves no audit row; operator actions are recorded as the operator's")
    func onlyWhatHappened() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key)
            #expect(try await client.send(.delete, "/v1/applicants/\(applicant)", key: key).status == .ok)
            let refused = try await client.upload(Samples.jpeg, type: "ID_FRONT", applicant: applicant, key: key)
            #expect(refused.code == "applicant_erased")
            let pool = PostgresPool(configuration: .init(conninfo: app.database.adminURL, maximumConnections: 1))
            defer { pool.close() }
            #expect(try await TenantRepository.setStatus(adminPool: pool, id: app.acme.id, status: .suspended))
            #expect(try await TenantRepository.setStatus(adminPool: pool, id: app.acme.id, status: .active))
            #expect(try await TenantRepository.setRetention(adminPool: pool, id: app.acme.id, days: 30))
            let events = try await Self.auditEvents(client, key: key)
            #expect(
                events.compactMap { $0["action"] as? String }.reversed() == [
                    "applicant.created", "applicant.erased", "tenant.suspended", "tenant.resumed", "tenant.retention_changed",
                ]
            )
            #expect((events.first?["actor"] as? [String: Any])?["type"] as? String == "operator")
            #expect((events.first?["details"] as? [String: Any])?["retention_days"] as? Int == 30)
        }
    }

    @Test("the server's role cannot change or remove audit rows, nor move the chain's head")
    func appendOnly() async throws {
        try await TestApp.withApp { app, client in
            _ = try await client.createApplicant(key: app.acme.apiKey)
            let pool = PostgresPool(configuration: .init(conninfo: app.database.appURL, maximumConnections: 1))
            defer { pool.close() }
            let tenant = app.acme.id.uuid.uuidString.lowercased()
            for statement in [
                "UPDATE audit_events SET action = 'nothing' WHERE tenant_id = '\(tenant)'",
                "DELETE FROM audit_events WHERE tenant_id = '\(tenant)'",
                "UPDATE audit_heads SET seq = 0 WHERE tenant_id = '\(tenant)'",
            ] {
                await #expect(throws: PostgresError.self, "\(statement)") {
                    try await pool.transaction { tx in
                        try tx.query("SELECT set_config('app.tenant_id', \(tenant), true)")
                        try tx.query(PostgresQuery(unsafeSQL: statement))
                    }
                }
            }
            #expect(try await Self.verify(app, tenant: app.acme.id).intact)
        }
    }

    @Test("vouch audit verify finds a changed row, a rehashed row, a removed row and a removed tail")
    func tamperingIsFound() async throws {
        try await TestApp.withApp { app, client in
            for _ in 0..<6 { _ = try await client.createApplicant(key: app.acme.apiKey) }
            _ = try await client.createApplicant(key: app.globex.apiKey)
            #expect(try await Self.verify(app, tenant: app.acme.id).intact)
            let tenant = "tenant_id = '\(app.acme.id.uuid.uuidString.lowercased())'"

            _ = try await app.admin("UPDATE audit_events SET object_id = 'app_forged' WHERE \(tenant) AND seq = 2")
            #expect(try await Self.verify(app, tenant: app.acme.id).problems == [.alteredRow(seq: 2)])

            // Rehashed with the database's own function: the next row no longer links to it.
            _ = try await app.admin(
                """
                UPDATE audit_events e SET hash = sha256(e.prev_hash || convert_to(audit_row_text(e), 'UTF8'))
                WHERE \(tenant) AND seq = 2
                """
            )
            #expect(try await Self.verify(app, tenant: app.acme.id).problems == [.brokenLink(seq: 3)])

            _ = try await app.admin("DELETE FROM audit_events WHERE \(tenant) AND seq IN (2, 4)")
            #expect(try await Self.verify(app, tenant: app.acme.id).problems == [.brokenLink(seq: 3), .brokenLink(seq: 5)])

            _ = try await app.admin("DELETE FROM audit_events WHERE \(tenant) AND seq >= 5")
            let report = try await Self.verify(app, tenant: app.acme.id)
            #expect(report.problems == [.brokenLink(seq: 3), .truncated(lastSeq: 3, headSeq: 6)])
            #expect(try await Self.verify(app, tenant: app.globex.id).intact, "another tenant's chain is its own")
        }
    }
}
