import Crypto
import Foundation
import HummingbirdTesting
import Testing
import VouchAPI
import VouchCore

/// `GET /v1/applicants/{id}/export`: everything held about a person, in one answer, audited.
@Suite("Subject access export")
struct SubjectAccessTests {
    @Test("the export holds the profile, every document with its file, the checks and the events; it is audited")
    func export() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await app.verifiedApplicant(client, variant: 1)
            let response = try await client.send(.get, "/v1/applicants/\(applicant)/export", key: key)
            #expect(response.status == .ok)
            #expect(response.headers[.cacheControl] == "no-store")
            let export = try response.json()
            #expect(export["object"] as? String == "subject_access_export")
            let profile = try #require(export["applicant"] as? [String: Any])
            #expect(profile["id"] as? String == applicant)
            #expect(profile["first_name"] is String, "the profile as held")

            let listed = try await client.send(.get, "/v1/applicants/\(applicant)/documents", key: key).json()
            let current = ((listed["data"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
            let entries = try #require(export["documents"] as? [[String: Any]])
            #expect(entries.count == current.count, "one version of each type was uploaded")
            for entry in entries {
                let document = try #require(entry["document"] as? [String: Any])
                let id = try #require(document["id"] as? String)
                #expect(current.contains(id))
                let file = try #require(entry["file"] as? [String: Any])
                let bytes = try #require(Data(base64Encoded: file["base64"] as? String ?? ""))
                let downloaded = try await client.send(.get, "/v1/documents/\(id)/file", key: key)
                #expect(Data(buffer: downloaded.body) == bytes, "the file as uploaded")
                #expect(file["sha256"] as? String == SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined())
                #expect(file["size"] as? Int == bytes.count)
            }
            let back = entries.first { ($0["document"] as? [String: Any])?["doc_type"] as? String == "ID_BACK" }
            let claims = try #require(back?["claims"] as? [String: Any], "the zone the merchant sent with the card")
            #expect(claims["mrz"] as? String == PipelineSamples.zone(1))
            let statement = entries.first { ($0["document"] as? [String: Any])?["doc_type"] as? String == "PROOF_OF_ADDRESS" }
            #expect((statement?["claims"] as? [String: Any])?["fields"] is [String: String])
            let checks = try #require(export["checks"] as? [String: Any])
            #expect(checks["decision"] as? String == "verified", "the checks and the decision")
            #expect((checks["history"] as? [Any])?.isEmpty == false)
            let types = ((export["events"] as? [[String: Any]]) ?? []).compactMap { $0["type"] as? String }
            #expect(types.first == "applicant.created")
            #expect(types.contains("applicant.verified"))
            #expect(export["deletion_certificate"] == nil, "not erased")

            let audited = try await app.admin(
                "SELECT count(*) FROM audit_events WHERE action = 'applicant.exported' AND object_id = '\(applicant)'"
            )
            #expect(try audited[0].decode(column: 0, as: Int.self) == 1)
            let foreign = try await client.send(.get, "/v1/applicants/\(applicant)/export", key: app.globex.apiKey)
            #expect(foreign.status == .notFound)
        }
    }

    @Test("after an erasure the export holds the tombstone, no file, and the deletion certificate")
    func afterErasure() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await app.verifiedApplicant(client, variant: 2)
            _ = try await client.send(.delete, "/v1/applicants/\(applicant)", key: key)
            let export = try await client.send(.get, "/v1/applicants/\(applicant)/export", key: key).json()
            let entries = try #require(export["documents"] as? [[String: Any]])
            #expect(!entries.isEmpty, "the documents' metadata stays")
            #expect(entries.allSatisfy { $0["file"] == nil || $0["file"] is NSNull })
            #expect(entries.allSatisfy { $0["claims"] == nil || $0["claims"] is NSNull }, "erased with the rest")
            #expect(
                (export["applicant"] as? [String: Any])?["first_name"] == nil
                    || (export["applicant"] as? [String: Any])?["first_name"] is NSNull
            )
            #expect((export["deletion_certificate"] as? [String: Any])?["jws"] is String)
        }
    }
}
