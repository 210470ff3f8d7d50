import Crypto
import Foundation
import HummingbirdTesting
import Postgres
import Testing
import VouchAPI
import VouchCore

/// Sealing what was stored before applicant keys, and rotating the master and data keys, while
/// the API keeps answering.
@Suite("Key management")
struct KeyManagementTests {
    /// Stores an applicant as rows were stored before profiles were sealed, with an identity card
    /// sealed under the tenant's data key and its zone in plaintext, and queues the card's check.
    static func legacyApplicant(_ app: TestApp, number: Int, withCard: Bool) async throws -> (ApplicantID, DocumentID?) {
        let applicant = ApplicantID.generate()
        _ = try await app.admin(
            """
            INSERT INTO applicants (tenant_id, id, external_user_id, first_name, last_name, date_of_birth, nationality, email, address)
            VALUES ('\(app.acme.id.uuid)', '\(applicant.uuid)', 'legacy-\(number)', 'Ada', 'Lovelace', '1990-12-10', 'GB',
                'ada\(number)@example.org', '{"line1": "\(number) Old Street"}')
            """
        )
        guard withCard else { return (applicant, nil) }
        let document = DocumentID.generate()
        let bytes = PipelineSamples.card(900 + number)
        let (keyID, key) = try await app.services.dataKeys.currentKey(for: app.acme.id)
        let sealed = try Keyring.seal(bytes, with: key, tenant: app.acme.id, document: document)
        let hex = { (bytes: [UInt8]) in "\\x" + bytes.map { String(format: "%02x", $0) }.joined() }
        let tenant = app.acme.id.uuid
        for statement in [
            """
            INSERT INTO documents (tenant_id, id, applicant_id, doc_type, version, content_type, size_bytes, sha256, data_key_id, mrz)
            VALUES ('\(tenant)', '\(document.uuid)', '\(applicant.uuid)', 'ID_BACK', 1, 'image/jpeg', \(bytes.count),
                '\(hex(Array(SHA256.hash(data: bytes))))', '\(keyID)', '\(PipelineSamples.zone(900 + number))')
            """,
            "INSERT INTO document_files (tenant_id, document_id, sealed) VALUES ('\(tenant)', '\(document.uuid)', '\(hex(sealed))')",
            """
            INSERT INTO current_documents (tenant_id, applicant_id, doc_type, document_id)
            VALUES ('\(tenant)', '\(applicant.uuid)', 'ID_BACK', '\(document.uuid)')
            """,
            "INSERT INTO jobs (tenant_id, id, kind, subject_id) VALUES ('\(tenant)', gen_random_uuid(), 'check_document', '\(document.uuid)')",
        ] {
            _ = try await app.admin(statement)
        }
        return (applicant, document)
    }

    static func ownerDatabase(_ app: TestApp) -> (TenantDatabase, PostgresPool) {
        let pool = PostgresPool(configuration: .init(conninfo: app.database.adminURL, maximumConnections: 2))
        return (TenantDatabase(pool: pool), pool)
    }

    @Test("existing plaintext rows are sealed in batches; a run stopped midway is finished by the next; nothing changes for the API")
    func sealExisting() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let (carded, document) = try await Self.legacyApplicant(app, number: 1, withCard: true)
            let cardID = try #require(document)
            for number in 2...3 { _ = try await Self.legacyApplicant(app, number: number, withCard: false) }
            try await app.drainJobs()
            _ = try await app.admin(
                "UPDATE documents SET signals = signals || '{\"birth_date\": \"1990-12-10\"}' WHERE id = '\(cardID.uuid)'"
            )
            let fileBefore = try await client.send(.get, "/v1/documents/\(cardID)/file", key: key)
            let detailBefore = try await client.send(.get, "/v1/documents/\(cardID)", key: key).json()
            #expect(detailBefore["extraction"] is [String: Any], "the card was read, its extraction sealed under the data key")

            let (database, pool) = Self.ownerDatabase(app)
            defer { pool.close() }
            let sealer = ExistingDataSealer(database: database, keyring: app.configuration.keyring)
            #expect(try await sealer.remaining(tenant: app.acme.id) == .init(applicants: 3, documents: 1))
            let (first, _) = try await sealer.sealBatch(tenant: app.acme.id, limit: 1, after: .init())
            #expect(first == .init(applicants: 1, documents: 1))
            // Stopped here, as a crash would stop it, its cursor lost: the next run starts again
            // from the start and takes what is left.
            #expect(try await sealer.remaining(tenant: app.acme.id) == .init(applicants: 2, documents: 0))
            var cursor = ExistingDataSealer.Cursor()
            var total = ExistingDataSealer.Rows(applicants: 0, documents: 0)
            var batches = 0
            while !cursor.isDone {
                let batch: ExistingDataSealer.Rows
                (batch, cursor) = try await sealer.sealBatch(tenant: app.acme.id, limit: 1, after: cursor)
                total.applicants += batch.applicants
                total.documents += batch.documents
                batches += 1
            }
            #expect(total == .init(applicants: 2, documents: 0) && batches == 3, "two batches of one, then an empty one")
            let (again, end) = try await sealer.sealBatch(tenant: app.acme.id, limit: 10, after: .init())
            #expect(again == .init(applicants: 0, documents: 0) && end.isDone)

            let plaintext = try await app.admin(
                """
                SELECT count(*) FROM applicants WHERE first_name IS NOT NULL OR last_name IS NOT NULL OR date_of_birth IS NOT NULL
                    OR email IS NOT NULL OR address IS NOT NULL OR nationality IS NOT NULL OR profile_sealed IS NULL
                """
            )
            #expect(try plaintext[0].decode(column: 0, as: Int.self) == 0)
            let card = try await app.admin(
                """
                SELECT d.mrz IS NULL, d.claims_sealed IS NOT NULL, d.data_key_id = k.id, d.signals ? 'birth_date'
                FROM documents d JOIN applicant_keys k ON k.tenant_id = d.tenant_id AND k.applicant_id = d.applicant_id
                WHERE d.id = '\(cardID.uuid)'
                """
            )
            #expect(try card[0].decode(Bool.self, Bool.self, Bool.self, Bool.self) == (true, true, true, false))

            let applicant = try await client.send(.get, "/v1/applicants/\(carded)", key: key).json()
            #expect(applicant["first_name"] as? String == "Ada" && applicant["date_of_birth"] as? String == "1990-12-10")
            #expect((applicant["address"] as? [String: Any])?["line1"] as? String == "1 Old Street")
            let fileAfter = try await client.send(.get, "/v1/documents/\(cardID)/file", key: key)
            #expect(fileAfter.status == .ok && fileAfter.body == fileBefore.body, "the same bytes, under the applicant's key")
            let detailAfter = try await client.send(.get, "/v1/documents/\(cardID)", key: key).json()
            #expect(
                (detailAfter["extraction"] as? [String: Any])?["fields"] as? NSDictionary
                    == (detailBefore["extraction"] as? [String: Any])?["fields"] as? NSDictionary
            )
            let byEmail = try await client.send(.get, "/v1/applicants?email=ADA2%40example.org", key: key).json()
            #expect((byEmail["data"] as? [[String: Any]])?.count == 1, "the blind index was written")
        }
    }

    @Test("a master key rotation re-wraps every key while both keys open; afterwards the new key alone opens everything")
    func rotateMasterKey() async throws {
        let oldKey = SymmetricKey(size: .bits256)
        let newKey = SymmetricKey(size: .bits256)
        let underOldKey: (inout AppConfiguration) -> Void = { $0.keyring = Keyring(masterKey: oldKey) }
        try await TestApp.withApp(configure: underOldKey) { app, client in
            let key = app.acme.apiKey
            let applicant = try await app.verifiedApplicant(client, variant: 61)
            _ = try await app.services.webhooks.create(tenant: app.acme.id, url: "https://hooks.test/in", description: "", eventTypes: [])
            _ = try await client.send(.delete, "/v1/applicants/\(try await client.createApplicant(key: key))", key: key)

            let (database, pool) = Self.ownerDatabase(app)
            defer { pool.close() }
            let tenants = [app.acme.id, app.globex.id]
            let during = Keyring(masterKey: newKey, acceptedMasterKeys: [oldKey])
            let rotation = KeyRotation(database: database, keyring: during)
            let done = try await rotation.rewrapUnderCurrentMasterKey(tenants: tenants)
            #expect(done == .init(dataKeys: 2, webhookSecrets: 1, signingKeys: 1))
            #expect(try await rotation.rewrapUnderCurrentMasterKey(tenants: tenants) == .init(), "a second run has nothing left")

            let after = Keyring(masterKey: newKey)
            let applicants = ApplicantRepository(database: database, keyring: after)
            let read = try await applicants.get(tenant: app.acme.id, id: try #require(ApplicantID(applicant)))
            #expect(read?.profile.firstName == "Ada", "the profile opens under the new master key alone")
            #expect(try await SigningKeyRepository(pool: pool, keyring: after).masterKeyOpensKeys())
            #expect(try await !SigningKeyRepository(pool: pool, keyring: Keyring(masterKey: oldKey)).masterKeyOpensKeys())
            let secrets = try await app.admin("SELECT tenant_id, id, secret_sealed FROM webhook_endpoints")
            let (tenant, id, sealed) = try secrets[0].decode(UUID.self, UUID.self, [UInt8].self)
            let secret = try after.openWebhookSecret(sealed, tenant: TenantID(uuid: tenant), endpoint: WebhookEndpointID(uuid: id))
            #expect(secret.hasPrefix("whsec_"))
        }
    }

    @Test("a server given a master key that does not open the database's keys refuses to start")
    func wrongMasterKeyRefused() async throws {
        let master = SymmetricKey(size: .bits256)
        let underMaster: (inout AppConfiguration) -> Void = { $0.keyring = Keyring(masterKey: master) }
        try await TestApp.withApp(configure: underMaster) { app, _ in
            try await app.configuration.refuseWrongMasterKey()
            var wrong = app.configuration
            wrong.keyring = Keyring(masterKey: SymmetricKey(size: .bits256))
            await #expect(throws: ConfigurationError.self) { try await wrong.refuseWrongMasterKey() }
            var rotating = app.configuration
            rotating.keyring = Keyring(masterKey: SymmetricKey(size: .bits256), acceptedMasterKeys: [master])
            try await rotating.refuseWrongMasterKey()
            // A database upgraded from before signing keys has none: its data keys decide, and
            // a wrong key does not get to make the signing key.
            _ = try await app.admin("DELETE FROM signing_keys")
            await #expect(throws: ConfigurationError.self) { try await wrong.refuseWrongMasterKey() }
            #expect(try await app.count("signing_keys") == 0)
            try await app.configuration.refuseWrongMasterKey()
            #expect(try await app.count("signing_keys") == 1, "the right key makes it")
        }
    }

    @Test("a data key rotation moves every applicant key under the new data key in batches; all still opens")
    func rotateDataKey() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let first = try await app.verifiedApplicant(client, variant: 62)
            let second = try await client.createApplicant(key: key, profile: PipelineProfile(firstName: "Grace", lastName: "Hopper"))
            let (database, pool) = Self.ownerDatabase(app)
            defer { pool.close() }
            let rotation = KeyRotation(database: database, keyring: app.configuration.keyring)
            let newDataKey = try await rotation.rotateDataKey(tenant: app.acme.id)
            let third = try await client.createApplicant(key: key, profile: PipelineProfile(firstName: "Hedy", lastName: "Lamarr"))
            #expect(try await rotation.moveApplicantKeys(tenant: app.acme.id, limit: 1) == 1)
            #expect(try await rotation.moveApplicantKeys(tenant: app.acme.id, limit: 10) == 1, "the third was made under the new key")
            #expect(try await rotation.moveApplicantKeys(tenant: app.acme.id, limit: 10) == 0)
            let under = try await app.admin("SELECT DISTINCT data_key_id FROM applicant_keys WHERE tenant_id = '\(app.acme.id.uuid)'")
            #expect(try under.map { try $0.decode(column: 0, as: UUID.self) } == [newDataKey])
            for (id, name) in [(first, "Ada"), (second, "Grace"), (third, "Hedy")] {
                #expect(try await client.send(.get, "/v1/applicants/\(id)", key: key).json()["first_name"] as? String == name)
            }
            let documents = try await client.send(.get, "/v1/applicants/\(first)/documents", key: key).json()
            for entry in documents["data"] as? [[String: Any]] ?? [] {
                let id = try #require(entry["id"] as? String)
                #expect(try await client.send(.get, "/v1/documents/\(id)/file", key: key).status == .ok)
            }
        }
    }

}
