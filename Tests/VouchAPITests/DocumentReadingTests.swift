import Foundation
import HummingbirdTesting
import TestSupport
import Testing

/// Identity documents are read from their photos: the zone the pixels show is used, compared with
/// the client's, and returned (sealed at rest) as the document's extraction.
@Suite("Reading documents from their photos")
struct DocumentReadingTests {
    /// The holder of `TestPhotos.passport()`.
    static let holder = PipelineProfile(firstName: "Nia", lastName: "Oestergaard", dateOfBirth: "1990-09-22", nationality: "GB")

    static func check(_ checks: [String: Any], _ name: String) -> [String: Any]? {
        let documents = checks["documents"] as? [[String: Any]] ?? []
        let front = documents.first { $0["doc_type"] as? String == "ID_FRONT" }?["checks"] as? [[String: Any]] ?? []
        return front.first { $0["name"] as? String == name }
    }

    /// Uploads `photo` as the applicant's ID_FRONT, runs the checks, and returns the document.
    static func front(
        _ photo: [UInt8],
        mrz: String? = nil,
        key: String? = nil,
        app: TestApp,
        client: some TestClientProtocol
    ) async throws -> (applicant: String, document: [String: Any]) {
        let key = key ?? app.acme.apiKey
        let applicant = try await client.createApplicant(key: key, profile: holder)
        let uploaded = try await client.uploadDocument(PipelineUpload("ID_FRONT", photo, mrz: mrz), applicant: applicant, key: key)
        #expect(uploaded.status == .accepted, "\(String(buffer: uploaded.body))")
        try await app.drainJobs()
        return (applicant, try await client.fetchDocument(try uploaded.json()["id"] as? String ?? "", key: key))
    }

    @Test("a passport photo with no zone sent is read, checked against the profile and its fields returned")
    func readFromThePhoto() async throws {
        try await TestApp.withApp { app, client in
            let (applicant, document) = try await Self.front(try TestPhotos.passport(), app: app, client: client)
            #expect(document["status"] as? String == "VERIFIED", "\(document)")
            let extraction = try #require(document["extraction"] as? [String: Any], "\(document)")
            #expect(extraction["source"] as? String == "image")
            let fields = try #require(extraction["fields"] as? [String: [String: Any]])
            #expect(fields["surname"]?["value"] as? String == "OESTERGAARD")
            #expect(fields["given_names"]?["value"] as? String == "NIA")
            #expect(fields["document_number"]?["value"] as? String == "92892338A")
            #expect(fields["date_of_birth"]?["value"] as? String == "1990-09-22")
            #expect(fields["expiry_date"]?["value"] as? String == "2033-09-23")
            #expect(fields["surname"]?["source"] as? String == "image")
            #expect((fields["surname"]?["confidence"] as? Double ?? 0) >= 0.8)
            let match = try #require(extraction["match"] as? [String: Any])
            #expect(match["date_of_birth_matches"] as? Bool == true)
            #expect((match["name_score"] as? Double ?? 0) > 0.9)

            let checks = try await client.fetchChecks(applicant, key: app.acme.apiKey)
            #expect(Self.check(checks, "mrz")?["outcome"] as? String == "pass")
            #expect(Self.check(checks, "mrz_reading")?["outcome"] as? String == "pass")
            let signals = (checks["documents"] as? [[String: Any]])?.first { $0["doc_type"] as? String == "ID_FRONT" }?["signals"]
            #expect((signals as? [String: Any])?["mrz_source"] as? String == "image")

            // Sealed at rest: the stored extraction is ciphertext, with none of the holder's name in it.
            let stored = try await app.admin("SELECT extraction FROM documents WHERE extraction IS NOT NULL")
            let bytes = try stored[0].decode(column: 0, as: [UInt8].self)
            #expect(!String(decoding: bytes, as: UTF8.self).contains("OESTERGAARD"))

            // Erased with the applicant.
            #expect(try await client.send(.delete, "/v1/applicants/\(applicant)", key: app.acme.apiKey).status == .ok)
            #expect(
                try await app.admin("SELECT count(*) FROM documents WHERE extraction IS NOT NULL")[0].decode(column: 0, as: Int.self) == 0
            )
        }
    }

    @Test("a client's zone that disagrees with the photo's sends the document to review")
    func mismatch() async throws {
        try await TestApp.withApp { app, client in
            let other = TestPhotos.passportZone.replacingOccurrences(of: "OESTERGAARD<<NIA<", with: "OESTERGAARD<<MIA<")
            let (_, document) = try await Self.front(try TestPhotos.passport(), mrz: other, app: app, client: client)
            #expect(document["status"] as? String == "IN_REVIEW", "\(document)")
            let extraction = try #require(document["extraction"] as? [String: Any])
            #expect(extraction["source"] as? String == "image", "the photo's zone is the one used")

            // Another tenant, so the same photo is no duplicate.
            let (_, agreeing) = try await Self.front(
                try TestPhotos.passport(),
                mrz: TestPhotos.passportZone,
                key: app.globex.apiKey,
                app: app,
                client: client
            )
            #expect(agreeing["status"] as? String == "VERIFIED", "\(agreeing)")
        }
    }

    @Test("a zone the photo does not back goes to review, unless the tenant relaxes it")
    func unconfirmed() async throws {
        try await TestApp.withApp { app, client in
            let (applicant, document) = try await Self.front(try TestPhotos.bill(), mrz: TestPhotos.passportZone, app: app, client: client)
            #expect(document["status"] as? String == "IN_REVIEW", "\(document)")
            #expect((document["extraction"] as? [String: Any])?["source"] as? String == "client")
            let checks = try await client.fetchChecks(applicant, key: app.acme.apiKey)
            #expect(Self.check(checks, "mrz_reading")?["reasons"] as? [String] == ["mrz_not_confirmed"])

            // A tenant whose own app reads zones on the device relaxes it (another tenant, so the
            // same file is no duplicate).
            let relaxed = try await client.putRules(#"{"mrz_reading": {"on_unconfirmed": "ignore"}}"#, key: app.globex.apiKey)
            #expect(relaxed.status == .ok, "\(String(buffer: relaxed.body))")
            let (_, second) = try await Self.front(
                try TestPhotos.bill(),
                mrz: TestPhotos.passportZone,
                key: app.globex.apiKey,
                app: app,
                client: client
            )
            #expect(second["status"] as? String == "VERIFIED", "\(second)")
        }
    }

    @Test("the end user's status says retake when a photo was rejected only for its quality")
    func retake() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key, profile: Self.holder)
            _ = try await client.uploadDocument(PipelineUpload("ID_FRONT", try TestPhotos.blurry()), applicant: applicant, key: key)
            try await app.drainJobs()
            let status = try await client.send(.get, "/v1/applicants/\(applicant)/status", key: key).json()
            let front = (status["doc_status"] as? [[String: Any]])?.first { $0["doc_type"] as? String == "ID_FRONT" }
            #expect(front?["retake"] as? Bool == true, "\(status)")
            #expect(front?["rejection_reasons"] as? [String] == ["image_blurry"])
        }
    }
}
