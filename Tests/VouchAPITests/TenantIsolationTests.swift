import Foundation
import HTTPTypes
import HummingbirdTesting
import Postgres
import Testing
import VouchCore

@Suite("Tenants see only their own data")
struct TenantIsolationTests {
    @Test("every endpoint answers 404 for another tenant's ids, and writes nothing")
    func crossTenantIDs() async throws {
        try await TestApp.withApp { app, client in
            let acme = app.acme.apiKey
            let globex = app.globex.apiKey
            let applicant = try await client.createApplicant(key: acme)
            let document = try await client.upload(Samples.jpeg, type: "ID_FRONT", applicant: applicant, key: acme).json()
            let documentID = document["id"] as! String
            let jpeg = Data(Samples.png).base64EncodedString()

            let reads = [
                "/v1/applicants/\(applicant)", "/v1/applicants/\(applicant)/status",
                "/v1/applicants/\(applicant)/documents", "/v1/applicants/\(applicant)/documents/ID_FRONT/history",
                "/v1/documents/\(documentID)", "/v1/documents/\(documentID)/file",
            ]
            for path in reads {
                let response = try await client.send(.get, path, key: globex)
                #expect(response.status == .notFound, "\(path)")
                #expect(response.code == "not_found", "\(path)")
                #expect(try await client.send(.get, path, key: acme).status == .ok, "\(path) works for its owner")
            }
            let upload = try await client.send(
                .post,
                "/v1/applicants/\(applicant)/documents",
                key: globex,
                json: #"{"doc_type": "ID_BACK", "doc_body": "\#(jpeg)"}"#
            )
            #expect(upload.status == .notFound)
            let session = try await client.send(.post, "/v1/applicants/\(applicant)/sessions", key: globex)
            #expect(session.status == .notFound)
            #expect(try await app.count("documents") == 1)

            let list = try await client.send(.get, "/v1/applicants", key: globex).json()
            #expect((list["data"] as? [Any])?.isEmpty == true)
            let lookup = try await client.send(.get, "/v1/applicants?external_user_id=x", key: globex).json()
            #expect((lookup["data"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("the server's role reads nothing without app.tenant_id, and only its tenant with it")
    func rowLevelSecurity() async throws {
        try await TestApp.withApp { app, client in
            let applicant = try await client.createApplicant(key: app.acme.apiKey)
            _ = try await client.upload(Samples.jpeg, type: "ID_FRONT", applicant: applicant, key: app.acme.apiKey)
            _ = try await client.createApplicant(key: app.globex.apiKey)

            let pool = PostgresPool(configuration: .init(conninfo: app.database.appURL, maximumConnections: 1))
            defer { pool.close() }
            let readable = try await SchemaFence.relations(adminURL: app.database.adminURL).filter { $0.appMay && !$0.isPartition }
            #expect(readable.count >= 20, "the walk found the tables")
            for relation in readable {
                let unscoped: Int = try await pool.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(relation.name)"))[0]
                    .decode(column: 0)
                #expect(unscoped == 0 || !relation.holdsTenantData, "\(relation.name) without a tenant")
            }
            let scoped: Int = try await TenantDatabase(pool: pool).transaction(app.acme.id) { tx in
                try tx.query("SELECT count(*) FROM applicants")[0].decode(column: 0)
            }
            #expect(scoped == 1)
            // Writing a row for another tenant is refused by the policy.
            await #expect(throws: PostgresError.self) {
                try await TenantDatabase(pool: pool).transaction(app.acme.id) { tx in
                    try tx.query(
                        "INSERT INTO applicants (tenant_id, id, external_user_id) VALUES (\(app.globex.id.uuid), \(UUID()), 'x')"
                    )
                }
            }
            // And the role cannot switch row-level security off.
            let bypass: Bool = try await pool.query(
                "SELECT rolbypassrls OR rolsuper FROM pg_roles WHERE rolname = current_user"
            )[0].decode(column: 0)
            #expect(bypass == false)
            let owned: Int = try await pool.query(
                "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = current_user"
            )[0].decode(column: 0)
            #expect(owned == 0, "the server's role owns nothing")
        }
    }
}
