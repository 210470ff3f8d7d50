import Foundation
import HummingbirdTesting
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
                "SELECT count(*) FROM documents WHERE mrz IS NOT NULL OR signals IS NOT NULL OR document_number_hash IS NOT NULL"
            )
            #expect(try leftovers[0].decode(column: 0, as: Int.self) == 0)
            let names = try await app.admin("SELECT count(*) FROM applicants WHERE first_name IS NOT NULL OR email IS NOT NULL")
            #expect(try names[0].decode(column: 0, as: Int.self) == 0)
            #expect(try await app.eventCounts(applicant: applicant)["applicant.erased"] == 1)

            let upload = try await client.uploadDocument(PipelineDocuments.valid(variant: 2).selfie, applicant: applicant, key: key)
            #expect(upload.status == .gone)
            #expect(upload.code == "applicant_erased")
            #expect(try await client.send(.delete, "/v1/applicants/\(applicant)", key: key).status == .notFound, "erased once")
            #expect(try await client.send(.delete, "/v1/applicants/\(applicant)", key: app.globex.apiKey).status == .notFound)
        }
    }
}
