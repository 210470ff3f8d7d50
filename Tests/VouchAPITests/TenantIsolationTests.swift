import Foundation
import HTTPTypes
import HummingbirdTesting
import Postgres
import Testing
import VouchAPI
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

    /// Webhook endpoints on loopback may be registered.
    static let allowLoopback: @Sendable (inout AppConfiguration) -> Void = { $0.egress = EgressPolicy(allowed: [CIDR("127.0.0.0/8")!]) }

    /// Who tries another's ids: another tenant's key, or the same tenant's key of the other mode.
    enum Stranger: String, CaseIterable, Sendable {
        case otherTenant = "another tenant's live key"
        case otherMode = "the same tenant's test key"

        func key(_ app: TestApp) -> String {
            switch self {
            case .otherTenant: app.globex.apiKey
            case .otherMode: app.acme.testKey
            }
        }
    }

    @Test("every route that names an object answers 404 to another tenant and to the other mode", arguments: Stranger.allCases)
    func everyRouteAcrossFences(_ stranger: Stranger) async throws {
        try await TestApp.withApp(configure: Self.allowLoopback) { app, client in
            let owner = app.acme.apiKey
            let key = stranger.key(app)
            let applicant = try await app.verifiedApplicant(client, variant: 1)
            let document = try #require(
                (try await client.send(.get, "/v1/applicants/\(applicant)/documents", key: owner).json()["data"] as? [[String: Any]])?
                    .first?["id"] as? String
            )
            let erased = try await client.createApplicant(key: owner)
            #expect(try await client.send(.delete, "/v1/applicants/\(erased)", key: owner).status == .ok)
            let endpoint = try await client.createEndpoint(url: "http://127.0.0.1:9/acme", key: owner).id
            let event = try #require(
                (try await client.send(.get, "/v1/events", key: owner).json()["data"] as? [[String: Any]])?.first?["id"] as? String
            )
            let apiKey = try #require(
                try await client.send(.post, "/v1/api-keys", key: owner, json: #"{"name": "n", "scopes": ["applicants:read"]}"#)
                    .json()["id"] as? String
            )
            let entry = try #require(
                try await client.send(.post, "/v1/watchlist-entries", key: owner, json: #"{"names": ["Ann Other"]}"#).json()["id"]
                    as? String
            )
            let routes: [(HTTPRequest.Method, String, String?)] = [
                (.get, "/v1/applicants/\(applicant)", nil), (.get, "/v1/applicants/\(applicant)/status", nil),
                (.post, "/v1/applicants/\(applicant)/sessions", nil), (.delete, "/v1/applicants/\(applicant)", nil),
                (.get, "/v1/applicants/\(erased)/deletion-certificate", nil),
                (.post, "/v1/applicants/\(applicant)/documents", #"{"doc_type": "ID_BACK", "doc_body": "/9j/4AAQ"}"#),
                (.get, "/v1/applicants/\(applicant)/documents", nil),
                (.get, "/v1/applicants/\(applicant)/documents/ID_FRONT/history", nil),
                (.get, "/v1/documents/\(document)", nil), (.get, "/v1/documents/\(document)/file", nil),
                (.get, "/v1/applicants/\(applicant)/checks", nil), (.get, "/v1/applicants/\(applicant)/export", nil),
                (.post, "/v1/applicants/\(applicant)/screenings", nil),
                (.post, "/v1/applicants/\(applicant)/screening-clearances", #"{"candidate_id": "x", "reason": "not them"}"#),
                (.get, "/v1/applicants/\(applicant)/screening-clearances", nil),
                (.get, "/v1/applicants/\(applicant)/events", nil),
                (.get, "/v1/webhook-endpoints/\(endpoint)", nil), (.patch, "/v1/webhook-endpoints/\(endpoint)", #"{"description": "x"}"#),
                (.post, "/v1/webhook-endpoints/\(endpoint)/rotate-secret", nil), (.post, "/v1/webhook-endpoints/\(endpoint)/test", nil),
                (.get, "/v1/webhook-endpoints/\(endpoint)/deliveries", nil), (.delete, "/v1/webhook-endpoints/\(endpoint)", nil),
                (.get, "/v1/reviews/\(ReviewID.generate())", nil), (.get, "/v1/events/\(event)", nil),
                (.post, "/v1/events/\(event)/redeliver", nil), (.delete, "/v1/api-keys/\(apiKey)", nil),
                (.get, "/v1/watchlist-entries/\(entry)", nil), (.patch, "/v1/watchlist-entries/\(entry)", #"{"note": "x"}"#),
                (.delete, "/v1/watchlist-entries/\(entry)", nil),
            ]
            for (method, path, body) in routes {
                let response = try await client.send(method, path, key: key, json: body)
                #expect(response.status == .notFound, "\(method) \(path): \(String(buffer: response.body))")
            }
            // Lists show the stranger nothing of the owner's.
            for path in ["/v1/applicants", "/v1/events", "/v1/webhook-endpoints", "/v1/watchlist-entries", "/v1/reviews"] {
                let list = try await client.send(.get, path, key: key).json()
                let ids = (list["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                #expect(Set(ids).isDisjoint(with: [applicant, erased, endpoint, event, entry]), "\(path)")
            }
            // And the owner's objects are all still there.
            #expect(try await client.applicantState(applicant, key: owner) == "verified")
            #expect(try await client.send(.get, "/v1/webhook-endpoints/\(endpoint)", key: owner).status == .ok)
            #expect(try await client.send(.get, "/v1/watchlist-entries/\(entry)", key: owner).status == .ok)
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
