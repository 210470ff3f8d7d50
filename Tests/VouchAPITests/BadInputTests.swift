import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import VouchCore

@Suite("Bad input gets a stable code and leaves nothing behind")
struct BadInputTests {
    /// Asserts the status and code, and that no document row or file was written.
    func expectRefused(
        _ response: TestResponse,
        _ status: HTTPResponse.Status,
        _ code: String,
        app: TestApp,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        #expect(response.status == status, sourceLocation: sourceLocation)
        #expect(response.code == code, sourceLocation: sourceLocation)
        #expect(response.headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
        #expect(try await app.count("documents") == 0, sourceLocation: sourceLocation)
        #expect(try await app.count("document_files") == 0, sourceLocation: sourceLocation)
    }

    @Test("a known path asked with a method it does not take answers 405 with Allow; an unknown path 404")
    func methodNotAllowed() async throws {
        try await TestApp.withApp { app, client in
            let applicant = try await client.createApplicant(key: app.acme.apiKey)
            let cases: [(HTTPRequest.Method, String, String)] = [
                (.put, "/v1/applicants/\(applicant)", "GET, DELETE"),
                (.post, "/v1/usage", "GET"),
                (.delete, "/v1/rules", "GET, PUT"),
                (.patch, "/v1/applicants", "POST, GET"),
            ]
            for (method, path, allow) in cases {
                for key in [app.acme.apiKey, nil] {
                    let response = try await client.send(method, path, key: key)
                    #expect(response.status == .methodNotAllowed, "\(method) \(path)")
                    #expect(response.code == "method_not_allowed")
                    #expect(response.headers[.allow] == allow, "\(method) \(path)")
                }
            }
            let unknown = try await client.send(.get, "/v1/nothing-here", key: app.acme.apiKey)
            #expect(unknown.status == .notFound)
            #expect(unknown.headers[.allow] == nil)
        }
    }

    @Test("uploads: malformed JSON, empty body, unknown fields and doc types, bad base64, wrong files")
    func badUploads() async throws {
        try await TestApp.withApp(maximumFileBytes: 64 * 1024) { app, client in
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key)
            let path = "/v1/applicants/\(applicant)/documents"
            let jpeg = Data(Samples.jpeg).base64EncodedString()

            try await expectRefused(
                try await client.send(.post, path, key: key, json: #"{"doc_type": "ID_FRONT", "doc_body": "#),
                .badRequest,
                "malformed_json",
                app: app
            )
            try await expectRefused(try await client.send(.post, path, key: key, json: ""), .badRequest, "empty_body", app: app)
            try await expectRefused(
                try await client.send(.post, path, key: key, json: #"{"doc_type": "PASSPORT", "doc_body": "\#(jpeg)"}"#),
                .unprocessableContent,
                "invalid_doc_type",
                app: app
            )
            try await expectRefused(
                try await client.send(.post, path, key: key, json: #"{"doc_type": "ID_FRONT", "doc_body": "\#(jpeg)", "colour": 1}"#),
                .badRequest,
                "unknown_field",
                app: app
            )
            try await expectRefused(
                try await client.send(.post, path, key: key, json: #"{"doc_type": "ID_FRONT"}"#),
                .unprocessableContent,
                "missing_field",
                app: app
            )
            try await expectRefused(
                try await client.send(.post, path, key: key, json: #"{"doc_type": "ID_FRONT", "doc_body": "\#(jpeg)$$junk"}"#),
                .badRequest,
                "invalid_base64",
                app: app
            )
            try await expectRefused(
                try await client.send(.post, path, key: key, json: #"{"doc_type": "ID_FRONT", "doc_body": ""}"#),
                .badRequest,
                "empty_file",
                app: app
            )
            try await expectRefused(
                try await client.upload([0xFF], type: "ID_FRONT", applicant: applicant, key: key),
                .unsupportedMediaType,
                "unsupported_file_type",
                app: app
            )
            let (textBody, textHeaders) = Samples.multipart(
                docType: "ID_FRONT",
                file: Array("just some text, not a photo\n".utf8),
                filename: "id.jpg"
            )
            try await expectRefused(
                try await client.send(.post, path, key: key, headers: textHeaders, body: textBody),
                .unsupportedMediaType,
                "unsupported_file_type",
                app: app
            )
            let (noFile, noFileHeaders) = Samples.multipart(docType: "ID_FRONT", file: [])
            var broken = noFile
            broken.moveWriterIndex(to: 40)
            try await expectRefused(
                try await client.send(.post, path, key: key, headers: noFileHeaders, body: broken),
                .badRequest,
                "malformed_multipart",
                app: app
            )
        }
    }

    @Test("a file over the limit is refused with 413, as base64 JSON or multipart")
    func oversized() async throws {
        try await TestApp.withApp(maximumFileBytes: 64 * 1024) { app, client in
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key)
            let big = Samples.jpeg + [UInt8](repeating: 0x42, count: 64 * 1024)
            try await expectRefused(
                try await client.upload(big, type: "ID_FRONT", applicant: applicant, key: key),
                .contentTooLarge,
                "file_too_large",
                app: app
            )
            let (body, headers) = Samples.multipart(docType: "ID_FRONT", file: big)
            try await expectRefused(
                try await client.send(.post, "/v1/applicants/\(applicant)/documents", key: key, headers: headers, body: body),
                .contentTooLarge,
                "file_too_large",
                app: app
            )
            // A body far over the limit is refused while it streams in.
            let huge = ByteBuffer(bytes: [UInt8](repeating: UInt8(ascii: "A"), count: 4 * 1024 * 1024))
            try await expectRefused(
                try await client.send(.post, "/v1/applicants/\(applicant)/documents", key: key, body: huge),
                .contentTooLarge,
                "file_too_large",
                app: app
            )
            let justRight = Samples.jpeg + [UInt8](repeating: 0x42, count: 64 * 1024 - Samples.jpeg.count)
            #expect(try await client.upload(justRight, type: "ID_FRONT", applicant: applicant, key: key).status == .accepted)
        }
    }

    @Test("the default limit is 10 MiB decoded")
    func defaultLimit() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key)
            let over = Samples.jpeg + [UInt8](repeating: 1, count: 10 * 1024 * 1024 - Samples.jpeg.count + 1)
            let response = try await client.upload(over, type: "ID_FRONT", applicant: applicant, key: key)
            #expect(response.status == .contentTooLarge)
            #expect(response.code == "file_too_large")
            let atLimit = Array(over.dropLast())
            #expect(try await client.upload(atLimit, type: "ID_FRONT", applicant: applicant, key: key).status == .accepted)
        }
    }

    @Test("applicant fields: a 10,000-character name, bad dates and countries, duplicates")
    func badApplicants() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let long = String(repeating: "a", count: 10_000)
            let cases: [(String, HTTPResponse.Status, String)] = [
                (#"{"external_user_id": "u1", "first_name": "\#(long)"}"#, .unprocessableContent, "invalid_field"),
                (#"{"external_user_id": "u1", "date_of_birth": "1990-02-30"}"#, .unprocessableContent, "invalid_field"),
                (#"{"external_user_id": "u1", "date_of_birth": "2999-01-01"}"#, .unprocessableContent, "invalid_field"),
                (#"{"external_user_id": "u1", "nationality": "britain"}"#, .unprocessableContent, "invalid_field"),
                (#"{"external_user_id": "u1", "email": "not-an-email"}"#, .unprocessableContent, "invalid_field"),
                (#"{"external_user_id": ""}"#, .unprocessableContent, "invalid_field"),
                (#"{"external_user_id": 42}"#, .unprocessableContent, "invalid_field"),
                (#"{"first_name": "Ada"}"#, .unprocessableContent, "missing_field"),
                (#"{"external_user_id": "u1", "address": {"street": "x"}}"#, .badRequest, "unknown_field"),
                (#"{"external_user_id": "u1""#, .badRequest, "malformed_json"),
                (#"{'external_user_id': 'u1'}"#, .badRequest, "malformed_json"),
                (#"[1, 2]"#, .badRequest, "malformed_json"),
                // NUL (a control character) is refused where it is read, never cut short at the NUL.
                (#"{"external_user_id": "u1", "first_name": "Ada\u0000 Evil"}"#, .unprocessableContent, "invalid_field"),
                (#"{"external_user_id": "u\u0000"}"#, .unprocessableContent, "invalid_field"),
                (
                    #"{"external_user_id": "u1", "address": {"line1": "1 Main\u0000 St", "country": "GB"}}"#,
                    .unprocessableContent, "invalid_field"
                ),
            ]
            for (body, status, code) in cases {
                let response = try await client.send(.post, "/v1/applicants", key: key, json: body)
                #expect(response.status == status, "\(body.prefix(60))")
                #expect(response.code == code, "\(body.prefix(60))")
            }
            #expect(try await app.count("applicants") == 0)

            _ = try await client.createApplicant(key: key, externalUserID: "dup")
            let duplicate = try await client.send(.post, "/v1/applicants", key: key, json: #"{"external_user_id": "dup"}"#)
            #expect(duplicate.status == .conflict)
            #expect(duplicate.code == "applicant_exists")
            // The same external id is fine for another merchant.
            _ = try await client.createApplicant(key: app.globex.apiKey, externalUserID: "dup")
            #expect(try await app.count("applicants") == 2)
        }
    }

    @Test("keys: missing, malformed, unknown, revoked, lacking a scope")
    func badKeys() async throws {
        try await TestApp.withApp { app, client in
            let path = "/v1/applicants"
            let tampered = String(app.acme.apiKey.dropLast()) + (app.acme.apiKey.hasSuffix("x") ? "y" : "x")
            for key in [nil, "", "vk_live_nonsense", tampered] as [String?] {
                let response = try await client.send(.get, path, key: key)
                #expect(response.status == .unauthorized)
                #expect(response.code == "unauthorized")
            }
            let basic = try await client.send(.get, path, key: nil, headers: [.authorization: "Basic dXNlcjpwYXNz"])
            #expect(basic.status == .unauthorized)

            let readOnly = try await app.services.apiKeys.create(tenant: app.acme.id, name: "reader", scopes: [.applicantsRead])
            #expect(try await client.send(.get, path, key: readOnly.secret).status == .ok)
            let denied = try await client.send(.post, path, key: readOnly.secret, json: #"{"external_user_id": "x"}"#)
            #expect(denied.status == .forbidden)
            #expect(denied.code == "insufficient_scope")
            #expect(try await app.count("applicants") == 0)

            #expect(try await app.services.authenticator.revoke(tenant: app.acme.id, key: readOnly.record.id))
            let revoked = try await client.send(.get, path, key: readOnly.secret)
            #expect(revoked.status == .unauthorized)
        }
    }

    @Test("Idempotency-Key replays the first response and refuses another body")
    func idempotency() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let headers: HTTPFields = [.init("Idempotency-Key")!: "create-u1"]
            let body = #"{"external_user_id": "u1"}"#
            let first = try await client.send(.post, "/v1/applicants", key: key, json: body, headers: headers)
            #expect(first.status == .created)
            let again = try await client.send(.post, "/v1/applicants", key: key, json: body, headers: headers)
            #expect(again.status == .created)
            #expect(again.headers[.init("Idempotent-Replayed")!] == "true")
            #expect(try again.json()["id"] as? String == (try first.json()["id"] as? String))
            #expect(try await app.count("applicants") == 1)

            let other = try await client.send(
                .post,
                "/v1/applicants",
                key: key,
                json: #"{"external_user_id": "u2"}"#,
                headers: headers
            )
            #expect(other.status == .unprocessableContent)
            #expect(other.code == "idempotency_key_reused")

            // Keys are per tenant: another merchant's request with the same key is its own.
            let globex = try await client.send(.post, "/v1/applicants", key: app.globex.apiKey, json: body, headers: headers)
            #expect(globex.status == .created)
            #expect(try globex.json()["id"] as? String != (try first.json()["id"] as? String))

            // A refused request is replayed as refused, not run again.
            let badHeaders: HTTPFields = [.init("Idempotency-Key")!: "bad-1"]
            let refused = try await client.send(.post, "/v1/applicants", key: key, json: #"{"x": 1}"#, headers: badHeaders)
            let replayed = try await client.send(.post, "/v1/applicants", key: key, json: #"{"x": 1}"#, headers: badHeaders)
            #expect(refused.status == .badRequest)
            #expect(replayed.status == .badRequest)
            #expect(replayed.code == "unknown_field")
        }
    }
}
