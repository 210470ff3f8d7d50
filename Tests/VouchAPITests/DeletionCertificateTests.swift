import Foundation
import HummingbirdTesting
import Postgres
import Testing
import VouchAPI
import VouchCore

/// Erasure answers a deletion certificate signed by the instance; it verifies offline against
/// `/.well-known/vouch-keys`, with Vouch's verifier and with `scripts/lib/verify_certificate.py`
/// (the `cryptography` package, independent of Vouch's code).
@Suite("Deletion certificates")
struct DeletionCertificateTests {
    @Test("erasure answers a signed certificate of what it destroyed; erasing again answers the same one")
    func issued() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await app.verifiedApplicant(client, variant: 1)
            let listed = try await client.send(.get, "/v1/applicants/\(applicant)/documents", key: key).json()
            let documentIDs = ((listed["data"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }.sorted()
            let erased = try await client.send(.delete, "/v1/applicants/\(applicant)", key: key)
            #expect(erased.status == .ok)
            let body = try erased.json()
            #expect(body["erased"] as? Bool == true)
            let document = try #require(body["deletion_certificate"] as? [String: Any])
            let certificate = try #require(document["certificate"] as? [String: Any])
            #expect(certificate["applicant_id"] as? String == applicant)
            #expect(certificate["tenant_id"] as? String == app.acme.id.description)
            let destroyed = try #require(certificate["destroyed"] as? [String: Any])
            #expect((destroyed["document_ids"] as? [String])?.sorted() == documentIDs, "every document, by id")
            #expect(!documentIDs.isEmpty)
            #expect((destroyed["document_bytes"] as? Int ?? 0) > 1000)
            #expect((destroyed["data_key_ids"] as? [String])?.count == 1)
            #expect((destroyed["profile_fields"] as? [String])?.contains("first_name") == true)
            let audit = try #require(certificate["audit"] as? [String: Any])
            let row = try await app.admin(
                "SELECT seq, encode(hash, 'hex') FROM audit_events WHERE action = 'applicant.erased' AND object_id = '\(applicant)'"
            )
            #expect(audit["sequence"] as? Int == (try row[0].decode(column: 0, as: Int.self)), "the erasure's row in the audit chain")
            #expect(audit["hash"] as? String == (try row[0].decode(column: 1, as: String.self)))

            let jwks = try await client.send(.get, "/.well-known/vouch-keys", key: nil)
            #expect(jwks.status == .ok)
            let file = try Self.save(document)
            let keys = try Self.save(try jwks.json())
            let verified = try DeletionCertificate.verify(certificate: try Data(contentsOf: file), jwks: try Data(contentsOf: keys))
            #expect(verified.applicantID == applicant)
            #expect(try await Self.python(file, keys).status == 0, "verified by an implementation that is not Vouch's")

            let again = try await client.send(.delete, "/v1/applicants/\(applicant)", key: key).json()
            #expect((again["deletion_certificate"] as? [String: Any])?["jws"] as? String == document["jws"] as? String)
            let served = try await client.send(.get, "/v1/applicants/\(applicant)/deletion-certificate", key: key).json()
            #expect(served["jws"] as? String == document["jws"] as? String)
            let foreign = try await client.send(.get, "/v1/applicants/\(applicant)/deletion-certificate", key: app.globex.apiKey)
            #expect(foreign.status == .notFound)
        }
    }

    @Test("a byte changed, a statement edited, or a key the JWKS does not hold: the certificate does not verify")
    func tampering() async throws {
        try await TestApp.withApp { app, client in
            let applicant = try await client.createApplicant(key: app.acme.apiKey)
            let body = try await client.send(.delete, "/v1/applicants/\(applicant)", key: app.acme.apiKey).json()
            var document = try #require(body["deletion_certificate"] as? [String: Any])
            let jwks = try await client.send(.get, "/.well-known/vouch-keys", key: nil).json()
            let keys = try JSONSerialization.data(withJSONObject: jwks)
            let jws = try #require(document["jws"] as? String)

            // One byte of the payload changed.
            var bytes = Array(jws.utf8)
            let index = bytes.firstIndex(of: UInt8(ascii: "."))! + 5
            bytes[index] = bytes[index] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            #expect(throws: CompactJWS.Failure.badSignature) {
                try DeletionCertificate.verify(certificate: Data(bytes), jwks: keys)
            }
            // The statement shown beside the JWS edited.
            var certificate = try #require(document["certificate"] as? [String: Any])
            certificate["applicant_id"] = "app_00000000000000000000000000000000"
            document["certificate"] = certificate
            let edited = try JSONSerialization.data(withJSONObject: document)
            #expect(throws: CompactJWS.Failure.badSignature) { try DeletionCertificate.verify(certificate: edited, jwks: keys) }
            let editedFile = try Self.save(document)
            #expect(try await Self.python(editedFile, try Self.save(jwks)).status == 1)
            // Keys that do not hold the signer: unknown; an entry claiming its id for another key is not trusted.
            let empty = try JSONSerialization.data(withJSONObject: ["keys": [[String: String]]()])
            #expect(throws: CompactJWS.Failure.self) { try DeletionCertificate.verify(certificate: Data(jws.utf8), jwks: empty) }
            var impostor = try #require((jwks["keys"] as? [[String: String]])?.first)
            impostor["x"] = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
            let forged = try JSONSerialization.data(withJSONObject: ["keys": [impostor]])
            #expect(throws: CompactJWS.Failure.unknownKey(impostor["kid"]!)) {
                try DeletionCertificate.verify(certificate: Data(jws.utf8), jwks: forged)
            }
        }
    }

    @Test("after the signing key rotates, both keys are published: old certificates verify, new ones name the new key")
    func rotation() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let first = try await client.createApplicant(key: key)
            let before = try await client.send(.delete, "/v1/applicants/\(first)", key: key).json()
            let pool = PostgresPool(configuration: .init(conninfo: app.database.adminURL, maximumConnections: 1))
            defer { pool.close() }
            let rotated = try await SigningKeyRepository(pool: pool, keyring: app.configuration.keyring).rotate()

            let second = try await client.createApplicant(key: key)
            let after = try await client.send(.delete, "/v1/applicants/\(second)", key: key).json()
            let jwks = try await client.send(.get, "/.well-known/vouch-keys", key: nil).json()
            #expect((jwks["keys"] as? [[String: String]])?.count == 2)
            let keys = try JSONSerialization.data(withJSONObject: jwks)
            for body in [before, after] {
                let document = try JSONSerialization.data(withJSONObject: try #require(body["deletion_certificate"]))
                _ = try DeletionCertificate.verify(certificate: document, jwks: keys)
            }
            let newer = (after["deletion_certificate"] as? [String: Any])?["certificate"] as? [String: Any]
            #expect(newer?["key_id"] as? String == rotated.id)
        }
    }

    static func save(_ object: Any) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vouch-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: object).write(to: url)
        return url
    }

    /// Runs `scripts/lib/verify_certificate.py` and waits for it without holding a thread.
    static func python(_ certificate: URL, _ jwks: URL) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            ProcessInfo.processInfo.environment["VOUCH_TEST_PYTHON"] ?? "python3", "scripts/lib/verify_certificate.py",
            certificate.path, jwks.path,
        ]
        let output = Pipe()
        process.standardOutput = output
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        return (status, String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }
}
