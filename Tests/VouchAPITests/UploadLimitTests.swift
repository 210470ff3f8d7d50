import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Postgres
import TestSupport
import Testing
import VouchAPI
import VouchCore

@Suite("Uploads in flight: a bounded number per instance, the rest wait, then 503")
struct UploadAdmissionTests {
    static func limited(_ inFlight: Int, wait: Duration) -> @Sendable (inout AppConfiguration) -> Void {
        // Every sample upload weighs a full upload here, and one tenant may take them all.
        { $0.uploadAdmission = UploadAdmissionSettings(inFlight: inFlight, wait: wait, perTenant: inFlight, fullUploadBytes: 1) }
    }

    /// Holds the applicant's row: its uploads take their permit, then wait in their transaction.
    static func holdApplicant(_ applicant: String, app: TestApp) throws -> HeldRowLock {
        let uuid = try #require(ApplicantID(applicant)).uuid
        return try HeldRowLock(databaseURL: app.database.adminURL, locking: "SELECT 1 FROM applicants WHERE id = '\(uuid)' FOR UPDATE")
    }

    @Test("with 2 in flight held mid-way, 3 more wait out the wait and get 503 uploads_busy with Retry-After; then every permit is back")
    func overTheLimit() async throws {
        try await TestApp.withApp(configure: Self.limited(2, wait: .milliseconds(300))) { app, client in
            let key = app.acme.apiKey
            let held = try await client.createApplicant(key: key)
            let other = try await client.createApplicant(key: key)
            let lock = try Self.holdApplicant(held, app: app)
            let first = Task { try await client.upload(Samples.jpeg, type: "ID_FRONT", applicant: held, key: key).status }
            let second = Task { try await client.upload(Samples.png, type: "ID_BACK", applicant: held, key: key).status }
            #expect(try await eventually(timeout: .seconds(5)) { app.services.uploadGate.inFlight == 2 })

            let started = ContinuousClock.now
            let refused = try await withThrowingTaskGroup(of: TestResponse.self) { group in
                for type in ["ID_FRONT", "ID_BACK", "SELFIE"] {
                    group.addTask { try await client.upload(Samples.jpeg, type: type, applicant: other, key: key) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let waited = ContinuousClock.now - started
            #expect(waited >= .milliseconds(300), "they waited for a turn first")
            for response in refused {
                #expect(response.status == .serviceUnavailable)
                #expect(response.code == "uploads_busy")
                #expect(response.headers[.retryAfter] == "1")
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            #expect(app.services.uploadGate.waiting == 0)
            #expect(app.services.uploadGate.inFlight == 2, "the held ones still hold theirs")

            try lock.release()
            #expect(try await first.value == .accepted)
            #expect(try await second.value == .accepted)
            #expect(app.services.uploadGate.inFlight == 0)
            #expect(try await client.upload(Samples.jpeg, type: "ID_FRONT", applicant: other, key: key).status == .accepted)
            #expect(try await app.count("documents") == 3, "nothing of the refused ones was stored")
        }
    }

    @Test("a freed permit goes to the upload waiting for it, on the merchant and the session routes alike")
    func waiterGetsThePermit() async throws {
        try await TestApp.withApp(configure: Self.limited(1, wait: .seconds(30))) { app, client in
            let key = app.acme.apiKey
            let held = try await client.createApplicant(key: key)
            let other = try await client.createApplicant(key: key)
            let token = try await client.send(.post, "/v1/applicants/\(other)/sessions", key: key).json()["token"] as! String
            let lock = try Self.holdApplicant(held, app: app)
            let first = Task { try await client.upload(Samples.jpeg, type: "ID_FRONT", applicant: held, key: key).status }
            #expect(try await eventually(timeout: .seconds(5)) { app.services.uploadGate.inFlight == 1 })
            let body = #"{"doc_type": "ID_FRONT", "doc_body": "\#(Data(Samples.jpeg).base64EncodedString())"}"#
            let waiting = Task { try await client.send(.post, "/api/v1/user/me/kyc/submit", key: token, json: body).status }
            #expect(try await eventually(timeout: .seconds(5)) { app.services.uploadGate.waiting == 1 })
            try lock.release()
            #expect(try await first.value == .accepted)
            #expect(try await waiting.value == .ok)
            #expect(app.services.uploadGate.inFlight == 0)
        }
    }

    @Test("every refusal gives its permit back: bad base64, bad JSON, too large, wrong scope, not replaceable")
    func permitsReturnOnErrors() async throws {
        try await TestApp.withApp(maximumFileBytes: 64 * 1024, configure: Self.limited(1, wait: .milliseconds(50))) { app, client in
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key)
            let path = "/v1/applicants/\(applicant)/documents"
            let readOnly = try await app.issueKey([.applicantsRead]).secret
            let answers = [
                try await client.send(.post, path, key: key, json: #"{"doc_type": "ID_FRONT", "doc_body": "@@@@"}"#).code,
                try await client.send(.post, path, key: key, json: #"{"doc_type": "ID_FRONT", "#).code,
                try await client.upload(
                    Samples.jpeg + [UInt8](repeating: 0, count: 70 * 1024),
                    type: "ID_FRONT",
                    applicant: applicant,
                    key: key
                )
                .code,
                try await client.upload(Samples.jpeg, type: "ID_FRONT", applicant: applicant, key: readOnly).code,
                try await client.upload(Samples.jpeg, type: "ID_FRONT", applicant: applicant, key: key).code,
                try await client.upload(Samples.jpeg, type: "ID_FRONT", applicant: applicant, key: key).code,
            ]
            #expect(
                answers == [
                    "invalid_base64", "malformed_json", "file_too_large", "insufficient_scope", nil, "document_not_replaceable",
                ]
            )
            #expect(app.services.uploadGate.inFlight == 0)
            #expect(app.services.uploadGate.finished == answers.count)
            #expect(try await client.upload(Samples.png, type: "ID_BACK", applicant: applicant, key: key).status == .accepted)
        }
    }

    @Test("the gate itself: a cancelled waiter leaves the line, a throwing body gives its permit back")
    func gateCancellationAndErrors() async throws {
        let gate = UploadGate(settings: UploadAdmissionSettings(inFlight: 1, wait: .seconds(30)))
        let (holding, hold) = AsyncStream.makeStream(of: Void.self)
        let (entered, enter) = AsyncStream.makeStream(of: Void.self)
        let holder = Task {
            try await gate.withPermit {
                enter.yield()
                for await _ in holding {}
            }
        }
        for await _ in entered { break }
        let waiter = Task { try await gate.withPermit { "ran" } }
        #expect(try await eventually(timeout: .seconds(5)) { gate.waiting == 1 })
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(gate.waiting == 0)
        #expect(gate.inFlight == 1)
        hold.finish()
        try await holder.value
        #expect(gate.inFlight == 0)

        struct Failure: Error {}
        await #expect(throws: Failure.self) { try await gate.withPermit { throw Failure() } }
        #expect(gate.inFlight == 0)
        #expect(try await gate.withPermit { "again" } == "again")

        let short = UploadGate(settings: UploadAdmissionSettings(inFlight: 1, wait: .milliseconds(20)))
        _ = try await short.withPermit {
            await #expect(throws: UploadGate.Busy.self) { try await short.withPermit {} }
        }
        #expect(short.inFlight == 0)
        #expect(short.waiting == 0)
    }
}

@Suite("Base64 decoded in place")
struct Base64DecodingTests {
    static func decode(_ text: String) -> [UInt8]? {
        try? Array(text.utf8).withUnsafeBytes { try Base64Decoding.decode($0) }
    }

    @Test("agrees with Foundation on random data of every length up to 600 bytes, and on a megabyte")
    func randomData() {
        var generator = SystemRandomNumberGenerator()
        for length in Array(0...600) + [1_048_576 + 1] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let encoded = Data(bytes).base64EncodedString()
            #expect(Self.decode(encoded) == bytes, "length \(length)")
            #expect(Data(base64Encoded: encoded).map(Array.init) == bytes)
        }
    }

    @Test(
        "refuses what Foundation refuses: wrong length, bad characters, padding in the middle, whitespace",
        arguments: ["abc", "a", "a===", "ab\ncd==", "abcd efg", "abc*", "ab==abcd", "YWJj\u{00E9}"]
    )
    func badInput(_ text: String) {
        #expect(Data(base64Encoded: text) == nil, "Foundation refuses it too")
        #expect(Self.decode(text) == nil)
    }

    @Test(
        "`=` is padding at the end only: refused elsewhere, where Foundation's decoder lets it through",
        arguments: ["ab=c", "YW=j", "===="]
    )
    func paddingInTheMiddle(_ text: String) {
        #expect(Data(base64Encoded: text) != nil, "Foundation is more lenient here")
        #expect(Self.decode(text) == nil)
    }

    @Test("through the API: escaped slashes are read, a non-string doc_body is a wrong type, a missing one is required")
    func throughTheAPI() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key)
            let path = "/v1/applicants/\(applicant)/documents"
            // A JPEG whose base64 has slashes, sent the way some encoders escape them.
            var photo = Samples.jpeg
            photo += [0xFF, 0xFF, 0xFF, 0xFC, 0x3F, 0xFF]
            let encoded = Data(photo).base64EncodedString()
            #expect(encoded.contains("/"))
            let escaped = encoded.replacingOccurrences(of: "/", with: "\\/")
            let accepted = try await client.send(
                .post,
                path,
                key: key,
                json: #"{"fields": {"note": "}\"{"}, "doc_body": "\#(escaped)", "doc_type": "ID_FRONT"}"#
            )
            #expect(accepted.status == .accepted, "\(String(buffer: accepted.body))")
            let id = try accepted.json()["id"] as? String ?? ""
            let file = try await client.send(.get, "/v1/documents/\(id)/file", key: key)
            #expect(Array(file.body.readableBytesView) == photo)

            let wrongType = try await client.send(.post, path, key: key, json: #"{"doc_type": "ID_BACK", "doc_body": 12}"#)
            #expect(wrongType.status == .unprocessableContent)
            #expect(wrongType.code == "invalid_field")
            let missing = try await client.send(.post, path, key: key, json: #"{"doc_type": "ID_BACK"}"#)
            #expect(missing.code == "missing_field")
            #expect(try missing.json()["field"] as? String == "doc_body")
            let twice = try await client.send(
                .post,
                path,
                key: key,
                json: #"{"doc_type": "ID_BACK", "doc_body": "\#(encoded)", "doc_body": "\#(encoded)"}"#
            )
            #expect(twice.status.code >= 400 && twice.status.code < 500, "a doubled doc_body is never guessed at")
        }
    }
}

@Suite("Applicant sessions: rate limited per applicant, refused for a suspended tenant")
struct ApplicantSessionLimitTests {
    static func session(_ applicant: String, key: String, client: some TestClientProtocol) async throws -> String {
        try await client.send(.post, "/v1/applicants/\(applicant)/sessions", key: key).json()["token"] as! String
    }

    static func submit(_ type: String, token: String, client: some TestClientProtocol) async throws -> TestResponse {
        let body = #"{"doc_type": "\#(type)", "doc_body": "\#(Data(Samples.jpeg).base64EncodedString())"}"#
        return try await client.send(.post, "/api/v1/user/me/kyc/submit", key: token, json: body)
    }

    static let tight: @Sendable (inout AppConfiguration) -> Void = { configuration in
        configuration.rateLimits = RateLimitSettings(
            enabled: true,
            perApplicantUploads: RateLimitPolicy(name: "applicant_uploads", quota: 2, window: 3600),
            perApplicantReads: RateLimitPolicy(name: "applicant_reads", quota: 3, window: 3600)
        )
    }

    @Test("past its uploads per window an applicant gets 429 rate_limited with Retry-After; another applicant and reads are apart")
    func perApplicant() async throws {
        try await TestApp.withApp(configure: Self.tight) { app, client in
            let key = app.acme.apiKey
            let first = try await Self.session(try await client.createApplicant(key: key), key: key, client: client)
            let second = try await Self.session(try await client.createApplicant(key: key), key: key, client: client)

            #expect(try await Self.submit("ID_FRONT", token: first, client: client).status == .ok)
            let refusedButCounted = try await Self.submit("ID_FRONT", token: first, client: client)
            #expect(refusedButCounted.code == "document_not_replaceable")
            #expect(refusedButCounted.headers[HTTPField.Name("RateLimit")!]?.hasPrefix(#""applicant_uploads";r=0;"#) == true)
            let limited = try await Self.submit("ID_BACK", token: first, client: client)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.code == "rate_limited")
            #expect(try limited.json()["err_code"] as? String == "Err4029")
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 > 0)
            #expect(limited.headers[HTTPField.Name("RateLimit-Policy")!] == #""applicant_uploads";q=2;w=3600"#)

            #expect(try await Self.submit("ID_BACK", token: second, client: client).status == .ok, "another applicant is apart")
            for _ in 0..<3 {
                #expect(try await client.send(.get, "/api/v1/user/me/kyc/status", key: first).status == .ok, "reads are apart")
            }
            let readLimited = try await client.send(.get, "/api/v1/user/me/kyc/status", key: first)
            #expect(readLimited.status == .tooManyRequests)
            #expect(try await app.count("documents") == 2)
        }
    }

    @Test("a suspended tenant's session tokens answer 403 tenant_suspended at once; resumed, they work")
    func suspendedTenant() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let token = try await Self.session(try await client.createApplicant(key: key), key: key, client: client)
            #expect(try await client.send(.get, "/api/v1/user/me/kyc/status", key: token).status == .ok, "cached as active")
            let pool = PostgresPool(configuration: .init(conninfo: app.database.adminURL, maximumConnections: 1))
            defer { pool.close() }
            #expect(try await TenantRepository.setStatus(adminPool: pool, id: app.acme.id, status: .suspended))
            #expect(
                try await eventually(timeout: .seconds(2)) {
                    try await client.send(.get, "/api/v1/user/me/kyc/status", key: token).code == "tenant_suspended"
                }
            )
            let submitted = try await Self.submit("ID_FRONT", token: token, client: client)
            #expect(submitted.status == .forbidden)
            #expect(submitted.code == "tenant_suspended")
            #expect(try submitted.json()["err_code"] as? String == "Err4003")
            #expect(try await app.count("documents") == 0)

            #expect(try await TenantRepository.setStatus(adminPool: pool, id: app.acme.id, status: .active))
            #expect(
                try await eventually(timeout: .seconds(2)) {
                    try await Self.submit("ID_FRONT", token: token, client: client).status == .ok
                }
            )
        }
    }
}

@Suite("Versions per document type are capped")
struct DocumentVersionLimitTests {
    static let twoVersions: @Sendable (inout AppConfiguration) -> Void = { $0.uploadLimits.maximumVersions = 2 }

    @Test("past the cap an upload is 409 document_version_limit, on the merchant and the session routes; other types go on")
    func versionCap() async throws {
        try await TestApp.withApp(configure: Self.twoVersions) { app, client in
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key)
            for _ in 0..<2 {
                let uploaded = try await client.upload(Samples.jpeg, type: "ID_FRONT", applicant: applicant, key: key)
                #expect(uploaded.status == .accepted)
                try await app.setDocumentOutcome(try #require(DocumentID(try uploaded.json()["id"] as? String ?? "")), status: "REJECTED")
            }
            let third = try await client.upload(Samples.jpeg, type: "ID_FRONT", applicant: applicant, key: key)
            #expect(third.status == .conflict)
            #expect(third.code == "document_version_limit")
            #expect(third.headers[.contentType] == "application/problem+json")

            let token = try await ApplicantSessionLimitTests.session(applicant, key: key, client: client)
            let viaSession = try await ApplicantSessionLimitTests.submit("ID_FRONT", token: token, client: client)
            #expect(viaSession.status == .conflict)
            #expect(try viaSession.json()["err_code"] as? String == "Err1008")
            #expect(viaSession.code == "document_version_limit")

            #expect(try await client.upload(Samples.png, type: "ID_BACK", applicant: applicant, key: key).status == .accepted)
            #expect(try await app.count("documents") == 3)
            #expect(try await app.count("jobs") == 3, "no check queued for a refused version")
        }
    }
}

@Suite("Upload admission is weighed by size and shared between tenants")
struct UploadShareTests {
    /// Holds `count` small uploads of `tenant` at once, then runs `body`.
    static func holding(_ gate: UploadGate, _ tenant: TenantID, count: Int, _ body: () async throws -> Void) async throws {
        guard count > 0 else { return try await body() }
        try await gate.withPermit(for: tenant, bytes: 100) { try await holding(gate, tenant, count: count - 1, body) }
    }

    @Test("a tenant at its share waits while another's small uploads pass; sixteen small ones weigh one full one")
    func shares() async throws {
        let gate = UploadGate(
            settings: UploadAdmissionSettings(inFlight: 2, wait: .milliseconds(50), perTenant: 1, fullUploadBytes: 1600)
        )
        let (a, b) = (TenantID.generate(), TenantID.generate())
        try await gate.withPermit(for: a, bytes: 1600) {
            await #expect(throws: UploadGate.Busy.self, "A holds its whole share") {
                try await gate.withPermit(for: a, bytes: 100) {}
            }
            try await Self.holding(gate, b, count: 16) {
                #expect(gate.inFlight == 17, "one full upload of A and sixteen small ones of B")
                await #expect(throws: UploadGate.Busy.self, "B's share is full too") {
                    try await gate.withPermit(for: b, bytes: 100) {}
                }
            }
            #expect(try await gate.withPermit(for: b, bytes: nil) { "a body of unknown length weighs a full upload" }.isEmpty == false)
        }
        #expect(gate.inFlight == 0)
        #expect(UploadAdmissionSettings(fullUploadBytes: 1600).weight(bytes: Int.max) == 16, "never more than a full upload")
    }
}
