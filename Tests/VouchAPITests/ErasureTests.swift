import Foundation
import HummingbirdTesting
import Logging
import Postgres
import Testing
import VouchAPI
import VouchCore

@Suite("Erasing an applicant")
struct ErasureTests {
    @Test("erasing destroys the bytes and the personal data, keeps a tombstone, and answers 410 where bytes were")
    func erase() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await app.verifiedApplicant(client, variant: 1)
            let documents = try await client.send(.get, "/v1/applicants/\(applicant)/documents", key: key).json()
            let document = try #require((documents["data"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(try await client.send(.get, "/v1/documents/\(document)/file", key: key).status == .ok)

            let erased = try await client.send(.delete, "/v1/applicants/\(applicant)", key: key)
            #expect(erased.status == .ok)
            #expect(try erased.json()["erased"] as? Bool == true)

            let file = try await client.send(.get, "/v1/documents/\(document)/file", key: key)
            #expect(file.status == .gone)
            #expect(file.code == "applicant_erased")
            let shown = try await client.send(.get, "/v1/applicants/\(applicant)", key: key).json()
            for field in ["first_name", "last_name", "date_of_birth", "email", "address"] {
                #expect(shown[field] == nil || shown[field] is NSNull, "\(field) is gone")
            }
            #expect(shown["id"] as? String == applicant, "the tombstone stays")
            #expect(try await client.applicantState(applicant, key: key) == "verified", "the verdict stays")
            #expect(try await app.count("document_files") == 0, "the sealed bytes are gone")
            let leftovers = try await app.admin(
                """
                SELECT count(*) FROM documents
                WHERE mrz IS NOT NULL OR signals IS NOT NULL OR document_number_hash IS NOT NULL OR extraction IS NOT NULL
                """
            )
            #expect(try leftovers[0].decode(column: 0, as: Int.self) == 0)
            let names = try await app.admin("SELECT count(*) FROM applicants WHERE first_name IS NOT NULL OR email IS NOT NULL")
            #expect(try names[0].decode(column: 0, as: Int.self) == 0)
            #expect(try await app.eventCounts(applicant: applicant)["applicant.erased"] == 1)

            let upload = try await client.uploadDocument(PipelineDocuments.valid(variant: 2).selfie, applicant: applicant, key: key)
            #expect(upload.status == .gone)
            #expect(upload.code == "applicant_erased")
            #expect(
                try await client.send(.delete, "/v1/applicants/\(applicant)", key: key).status == .ok,
                "erasing again answers the certificate"
            )
            #expect(try await client.send(.delete, "/v1/applicants/\(applicant)", key: app.globex.apiKey).status == .notFound)
        }
    }

    @Test("an erased applicant's external_user_id may be used by a new applicant, and only then")
    func externalIDReused() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let first = try await client.createApplicant(key: key, externalUserID: "user-42")
            let taken = try await client.send(.post, "/v1/applicants", key: key, json: #"{"external_user_id": "user-42"}"#)
            #expect(taken.code == "applicant_exists", "while the first is not erased")
            #expect(try await client.send(.delete, "/v1/applicants/\(first)", key: key).status == .ok)

            let second = try await client.createApplicant(key: key, externalUserID: "user-42")
            #expect(second != first)
            let again = try await client.send(.post, "/v1/applicants", key: key, json: #"{"external_user_id": "user-42"}"#)
            #expect(again.code == "applicant_exists", "the new one holds it now")
            let listed = try await client.send(.get, "/v1/applicants?external_user_id=user-42", key: key).json()
            #expect((listed["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [second, first])
        }
    }
}

@Suite("Retention")
struct RetentionTests {
    @Test("applicants decided longer ago than their tenant's retention are erased by the sweep; others are kept")
    func sweep() async throws {
        try await TestApp.withApp { app, client in
            let old = try await app.verifiedApplicant(client, variant: 1)
            let recent = try await app.verifiedApplicant(client, variant: 2)
            let otherTenant = try await app.verifiedApplicant(client, variant: 3, key: app.globex.apiKey)
            let oldID = try #require(ApplicantID(old))
            let otherID = try #require(ApplicantID(otherTenant))
            _ = try await app.admin(
                "UPDATE applicants SET decided_at = now() - interval '40 days' WHERE id IN ('\(oldID.uuid)', '\(otherID.uuid)')"
            )
            let pool = PostgresPool(configuration: .init(conninfo: app.database.adminURL, maximumConnections: 1))
            defer { pool.close() }
            #expect(try await TenantRepository.setRetention(adminPool: pool, id: app.acme.id, days: 30))

            let sweeper = RetentionSweeper(
                database: app.services.unscoped,
                keyring: app.configuration.keyring,
                logger: Logger(label: "test")
            )
            #expect(try await sweeper.sweep() == 1)
            #expect(try await sweeper.sweep() == 0, "erased once")
            let key = app.acme.apiKey
            let oldFiles = try await client.send(.get, "/v1/applicants/\(old)/documents", key: key).json()
            let oldDocument = try #require((oldFiles["data"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(try await client.send(.get, "/v1/documents/\(oldDocument)/file", key: key).code == "applicant_erased")
            let recentFiles = try await client.send(.get, "/v1/applicants/\(recent)/documents", key: key).json()
            let recentDocument = try #require((recentFiles["data"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(try await client.send(.get, "/v1/documents/\(recentDocument)/file", key: key).status == .ok)
            let globexFiles = try await client.send(.get, "/v1/applicants/\(otherTenant)/documents", key: app.globex.apiKey).json()
            let globexDocument = try #require((globexFiles["data"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(
                try await client.send(.get, "/v1/documents/\(globexDocument)/file", key: app.globex.apiKey).status == .ok,
                "a tenant without retention keeps its applicants"
            )
        }
    }
}
