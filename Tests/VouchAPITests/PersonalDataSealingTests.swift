import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import Postgres
import Testing
import VouchAPI
import VouchCore

/// A person nobody else in the tests is: every value below is searched for in the database.
private enum Quintessa {
    static let firstName = "Quintessa"
    static let lastName = "Zanzibarova"
    static let email = "quintessa.zanzibarova@example.org"
    static let birth = "1987-03-14"
    static let street = "17 Quillfeather Lane"
    static let postalCode = "QX9 4ZZ"
    static let variant = 7_319
    static var documentNumber: String { PipelineSamples.documentNumber(variant) }

    static var profileJSON: String {
        """
        {"external_user_id": "q-\(UUID().uuidString)", "first_name": "\(firstName)", "last_name": "\(lastName)",
         "date_of_birth": "\(birth)", "nationality": "GB", "email": "\(email)",
         "address": {"line1": "\(street)", "city": "Lyme", "postal_code": "\(postalCode)", "country": "GB"}}
        """
    }

    static var documents: PipelineDocuments {
        var documents = PipelineDocuments.valid(variant: variant)
        documents.idBack.mrz = PipelineSamples.zone(variant, surname: "ZANZIBAROVA", givenNames: "QUINTESSA", birth: "870314")
        return documents
    }

    /// Each value as text, and as the hex of its UTF-8 (how a bytea column shows it).
    static var needles: [String] {
        let values = [firstName, lastName, email, street, postalCode, documentNumber, "ZANZIBAROVA", birth, "870314"]
        return values.map { $0.lowercased() } + values.map { Array($0.utf8).map { String(format: "%02x", $0) }.joined() }
    }
}

@Suite("Personal data sealed under the applicant's key")
struct PersonalDataSealingTests {
    @Test("no column of any table holds the person's values in plaintext, while the API answers them")
    func noPlaintextAnywhere() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let created = try await client.send(
                .post,
                "/v1/applicants",
                key: key,
                json: Quintessa.profileJSON,
                headers: [HTTPField.Name("Idempotency-Key")!: "create-person-1"]
            )
            #expect(created.status == .created)
            let applicant = try #require(try created.json()["id"] as? String)
            try await client.uploadDocuments(Quintessa.documents, applicant: applicant, key: key)
            try await app.drainJobs()
            let read = try await client.send(.get, "/v1/applicants/\(applicant)", key: key).json()
            #expect(read["first_name"] as? String == Quintessa.firstName && read["email"] as? String == Quintessa.email)
            #expect((read["address"] as? [String: Any])?["line1"] as? String == Quintessa.street)
            let extraction = try await Self.extraction(of: "ID_BACK", applicant: applicant, client: client, key: key)
            #expect(extraction?["document_number"] as? String == Quintessa.documentNumber, "the document was read")

            let found = try await Self.plaintextHits(app)
            #expect(found.isEmpty, "plaintext personal data in: \(found)")
        }
    }

    @Test("an email and a full name find their applicant through blind indexes, in their tenant only")
    func blindIndexLookups() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try #require(
                try await client.send(.post, "/v1/applicants", key: key, json: Quintessa.profileJSON).json()["id"] as? String
            )
            _ = try await client.send(.post, "/v1/applicants", key: key, json: #"{"external_user_id": "other", "first_name": "Ada"}"#)

            for query in [
                "email=QUINTESSA.Zanzibarova%40example.org%20", "name=quintessa%20%20ZANZIBAROVA", "name=Quintéssa%20Zanzibarova",
                "name=Zanzibarova,%20Quintessa",
            ] {
                let list = try await client.send(.get, "/v1/applicants?\(query)", key: key).json()
                let ids = (list["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                #expect(ids == [applicant], "\(query)")
            }
            let other = try await client.send(.get, "/v1/applicants?email=ada%40example.org", key: key).json()
            #expect((other["data"] as? [Any])?.isEmpty == true)
            let foreign = try await client.send(.get, "/v1/applicants?email=\(Quintessa.email)", key: app.globex.apiKey).json()
            #expect((foreign["data"] as? [Any])?.isEmpty == true, "another tenant's index never matches")
            let both = try await client.send(.get, "/v1/applicants?email=a%40b.c&name=Ada", key: key)
            #expect(both.status == .unprocessableContent)
            #expect(try both.json()["code"] as? String == "invalid_field")
            #expect(try await client.send(.get, "/v1/applicants?name=%20-%20", key: key).status == .unprocessableContent)
        }
    }

    @Test("erasure destroys the applicant's key: a copy of its sealed data taken before can no longer be opened")
    func erasureShredsTheKey() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await app.verifiedApplicant(client, variant: 41)
            let applicantID = try #require(ApplicantID(applicant))
            let before = try await app.admin(
                """
                SELECT k.id, d.id, f.sealed FROM applicant_keys k
                JOIN documents d ON d.tenant_id = k.tenant_id AND d.applicant_id = k.applicant_id AND d.data_key_id = k.id
                JOIN document_files f ON f.tenant_id = d.tenant_id AND f.document_id = d.id
                WHERE k.applicant_id = '\(applicantID.uuid)' LIMIT 1
                """
            )
            let (keyID, documentUUID, copied) = try before[0].decode(UUID.self, UUID.self, [UInt8].self)
            let opening = try await app.services.dataKeys.key(id: keyID, for: app.acme.id)
            #expect(throws: Never.self) {
                try Keyring.open(copied, with: opening, tenant: app.acme.id, document: DocumentID(uuid: documentUUID))
            }

            let erased = try await client.send(.delete, "/v1/applicants/\(applicant)", key: key).json()
            let certificate = try #require(erased["deletion_certificate"] as? [String: Any])
            let payload = try #require(certificate["certificate"] as? [String: Any])
            let destroyed = try #require(payload["destroyed"] as? [String: Any])
            #expect(destroyed["applicant_key_id"] as? String == keyID.uuidString.lowercased())
            let row = try await app.admin("SELECT wrapped_key IS NULL, destroyed_at IS NOT NULL FROM applicant_keys WHERE id = '\(keyID)'")
            #expect(try row[0].decode(Bool.self, Bool.self) == (true, true))
            await #expect(throws: VouchError.applicantErased) {
                _ = try await app.services.dataKeys.key(id: keyID, for: app.acme.id)
            }
            let tombstone = try await client.send(.get, "/v1/applicants/\(applicantID)", key: key)
            #expect(tombstone.status == .ok)
            #expect(try tombstone.json()["first_name"] == nil || (try tombstone.json()["first_name"]) is NSNull)
        }
    }

    /// Every value of every column of every table, as text, that contains one of the person's values.
    static func plaintextHits(_ app: TestApp) async throws -> [String] {
        let tables = try await app.admin(
            """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1
            """
        ).map { try $0.decode(column: 0, as: String.self) }
        var hits: [String] = []
        for table in tables {
            let rows = try await app.admin("SELECT lower(t::text) FROM \"\(table)\" t")
            for row in rows {
                let text = try row.decode(column: 0, as: String.self)
                for needle in Quintessa.needles where text.contains(needle) { hits.append("\(table): \(needle)") }
            }
        }
        return hits
    }

    static func extraction(of type: String, applicant: String, client: some TestClientProtocol, key: String) async throws -> [String: Any]?
    {
        let documents = try await client.send(.get, "/v1/applicants/\(applicant)/documents", key: key).json()
        let entry = (documents["data"] as? [[String: Any]] ?? []).first { $0["doc_type"] as? String == type }
        let id = try #require(entry?["id"] as? String)
        let detail = try await client.send(.get, "/v1/documents/\(id)", key: key).json()
        let fields = (detail["extraction"] as? [String: Any])?["fields"] as? [String: Any]
        return fields?.compactMapValues { ($0 as? [String: Any])?["value"] }
    }
}
