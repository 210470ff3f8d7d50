import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Postgres
import TestSupport
import Testing
import VouchAPI
import VouchCore

/// A server built exactly as `vouch serve` builds it, on a fresh migrated database, with two
/// tenants to try isolation with.
struct TestApp: Sendable {
    let database: TestDatabase
    let configuration: AppConfiguration
    let services: AppServices
    let acme: TestTenant
    let globex: TestTenant
    /// What the app's job and delivery leases are measured against.
    let leaseTime: LeaseTime

    struct TestTenant: Sendable {
        let id: TenantID
        let apiKey: String
        /// The tenant's first test-mode key (`vk_test_…`).
        var testKey = ""
    }

    static func withApp(
        maximumFileBytes: Int = 10 * 1024 * 1024,
        role: ServerRole = .api,
        providers: ApplicantCheckProviders = ApplicantCheckProviders(),
        live: Bool = false,
        configure: (inout AppConfiguration) -> Void = { _ in },
        _ body: @Sendable (TestApp, any TestClientProtocol) async throws -> Void
    ) async throws {
        let logLevel = TestLogging.level
        let database = try await TestDatabase.migrated()
        var configuration = AppConfiguration(
            databaseURL: database.appURL,
            keyring: Keyring(masterKey: SymmetricKey(size: .bits256)),
            uploadLimits: DocumentUploadLimits(maximumFileBytes: maximumFileBytes),
            poolSize: 4,
            migrationsDirectory: TestDatabase.migrationsDirectory
        )
        // Tests drive the queue themselves (`drainJobs`) unless they ask for real workers.
        configuration.role = role
        configuration.worker.pollInterval = .milliseconds(200)
        // Jobs take milliseconds; short leases let fault tests see abandoned jobs come back soon.
        configuration.worker.lease = .seconds(5)
        configuration.worker.recoveryInterval = .seconds(1)
        configuration.webhooks.pollInterval = .milliseconds(200)
        configuration.webhooks.recoveryInterval = .seconds(1)
        // Suites send requests as fast as they can; the rate limit tests turn limits on.
        configuration.rateLimits.enabled = false
        // The gauges are the process's: one test's database must not overwrite another's.
        configuration.operationalMetricsInterval = nil
        configure(&configuration)
        let leaseTime = LeaseTime()
        let services = await AppServices(configuration: configuration, providers: providers, leaseClock: leaseTime.clock)
        let acme = try await services.tenants.create(name: "Acme")
        let globex = try await services.tenants.create(name: "Globex")
        let app = TestApp(
            database: database,
            configuration: configuration,
            services: services,
            acme: TestTenant(id: acme.tenant.id, apiKey: acme.liveKey.secret, testKey: acme.testKey.secret),
            globex: TestTenant(id: globex.tenant.id, apiKey: globex.liveKey.secret, testKey: globex.testKey.secret),
            leaseTime: leaseTime
        )
        do {
            var logger = Logger(label: "vouch-test")
            logger.logLevel = logLevel
            try await buildApplication(services: services, configuration: configuration, logger: logger).test(live ? .live : .router) {
                client in
                // A suspension or revocation made by the test must reach the key cache.
                if app.configuration.role.servesHTTP { await services.authenticator.listening() }
                try await body(app, client)
            }
        } catch {
            services.database.close()
            try? await database.drop()
            throw error
        }
        services.database.close()
        try await database.drop()
    }

    /// Runs queued jobs until none is ready, as a worker would, one batch at a time.
    /// Returns how many ran.
    @discardableResult
    func drainJobs(worker: String = "test-worker", limit: Int = 1000) async throws -> Int {
        // Each job runs at most once per drain: a retry that comes due meanwhile (its backoff
        // is a second or less) is handed back untouched, so tests decide when retries run.
        var ran: Set<UUID> = []
        while ran.count < limit {
            let jobs = try await services.jobs.claim(worker: worker, limit: 8, lease: .seconds(60))
            let retries = jobs.filter { ran.contains($0.id) }
            for job in retries {
                _ = try await admin(
                    "UPDATE jobs SET state = 'queued', attempts = attempts - 1, worker = NULL, lease_until = NULL WHERE id = '\(job.id)'"
                )
            }
            let fresh = jobs.filter { !ran.contains($0.id) }
            if fresh.isEmpty { return ran.count }
            for job in fresh {
                ran.insert(job.id)
                await services.jobRunner.run(job)
            }
        }
        return ran.count
    }

    /// Sets a document's outcome as the owner, as if its checks had run (the job stays queued).
    func setDocumentOutcome(_ id: DocumentID, status: String, reasons: [String] = []) async throws {
        let list = reasons.map { "'\($0)'" }.joined(separator: ",")
        _ = try await admin(
            "UPDATE documents SET status = '\(status)', rejection_reasons = ARRAY[\(list)]::text[] WHERE id = '\(id.uuid)'"
        )
    }

    /// Runs SQL as the owner, past row-level security (to set up faults, or to look).
    func admin(_ sql: String) async throws -> PostgresRows {
        let pool = PostgresPool(configuration: .init(conninfo: database.adminURL, maximumConnections: 1))
        defer { pool.close() }
        return try await pool.query(PostgresQuery(unsafeSQL: sql))
    }

    /// Counts rows as the owner, past row-level security: to prove nothing half-written stayed.
    func count(_ table: String) async throws -> Int {
        let pool = PostgresPool(configuration: .init(conninfo: database.adminURL, maximumConnections: 1))
        defer { pool.close() }
        return try await pool.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)"))[0].decode(column: 0)
    }
}

/// Request helpers.
extension TestClientProtocol {
    func send(
        _ method: HTTPRequest.Method,
        _ uri: String,
        key: String?,
        json: String? = nil,
        headers extra: HTTPFields = [:],
        body: ByteBuffer? = nil
    ) async throws -> TestResponse {
        var headers = extra
        if let key { headers[.authorization] = "Bearer \(key)" }
        if json != nil && headers[.contentType] == nil { headers[.contentType] = "application/json" }
        let payload = body ?? json.map { ByteBuffer(string: $0) }
        return try await execute(uri: uri, method: method, headers: headers, body: payload)
    }

    /// Creates an applicant and returns its id.
    func createApplicant(key: String, externalUserID: String = UUID().uuidString) async throws -> String {
        let response = try await send(
            .post,
            "/v1/applicants",
            key: key,
            json:
                #"{"external_user_id": "\#(externalUserID)", "first_name": "Ada", "last_name": "Lovelace", "date_of_birth": "1990-12-10", "nationality": "GB"}"#
        )
        #expect(response.status == .created)
        return try response.json()["id"] as! String
    }

    /// Uploads `bytes` as base64 JSON.
    func upload(_ bytes: [UInt8], type: String, applicant: String, key: String) async throws -> TestResponse {
        try await send(
            .post,
            "/v1/applicants/\(applicant)/documents",
            key: key,
            json: #"{"doc_type": "\#(type)", "doc_body": "\#(Data(bytes).base64EncodedString())"}"#
        )
    }
}

extension TestResponse {
    func json() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] ?? [:]
    }

    /// The problem document's `code`, or the seed envelope's.
    var code: String? { (try? json())?["code"] as? String }
}

/// Small valid-looking files of each accepted type.
enum Samples {
    /// A structurally complete JPEG of the given size (SOI, APP0, SOF0, SOS, EOI), with an
    /// optional EXIF `Software` tag and an optional tail of filler to make it large.
    /// `unique` puts random bytes in the filler, so two photos never count as the same file.
    static func photo(width: Int = 1280, height: Int = 800, software: String? = nil, filler: Int = 256, unique: Bool = false)
        -> [UInt8]
    {
        var bytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
        if let software {
            let text = Array(software.utf8) + [0]
            // TIFF, little-endian: one IFD entry, Software (0x0131), ASCII, value at offset 26.
            var tiff: [UInt8] = [0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01, 0x00, 0x31, 0x01, 0x02, 0x00]
            tiff += le32(text.count) + le32(26) + [0, 0, 0, 0] + text
            let segment = Array("Exif".utf8) + [0, 0] + tiff
            bytes += [0xFF, 0xE1] + be16(segment.count + 2) + segment
        }
        bytes += [0xFF, 0xC0, 0x00, 0x11, 0x08] + be16(height) + be16(width) + [3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]
        bytes += [0xFF, 0xDA, 0x00, 0x0C, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3F, 0]
        bytes += unique ? (0..<filler).map { _ in UInt8.random(in: 0...0xFE) } : [UInt8](repeating: 0x55, count: filler)
        bytes += [0xFF, 0xD9]
        return bytes
    }

    /// A one-page PDF that ends properly.
    static let statement: [UInt8] = Array(
        "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
            .utf8
    )

    /// A one-page PDF with a random comment, so two statements never count as the same file.
    static func uniqueStatement() -> [UInt8] {
        let nonce = (0..<16).map { _ in String(Int.random(in: 0...9)) }.joined()
        return Array(statement.dropLast(6)) + Array("% \(nonce)\n%%EOF\n".utf8)
    }

    /// The ICAO 9303 specimen TD1 card (Anna Maria Eriksson, born 1974-08-12, expiring 2012):
    /// use `validTD1` for one that has not expired.
    static let specimenTD1 = "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"

    static func be16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
    static func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(value >> (8 * $0) & 0xFF) } }

    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [UInt8](repeating: 7, count: 64)
    static let png: [UInt8] =
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        + [UInt8](repeating: 1, count: 32)
    static let pdf: [UInt8] = Array("%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n".utf8)
    static let webp: [UInt8] = Array("RIFF".utf8) + [40, 0, 0, 0] + Array("WEBPVP8 ".utf8) + [UInt8](repeating: 3, count: 32)

    /// A multipart/form-data body with a `doc_type` part and a `file` part.
    static func multipart(docType: String, file: [UInt8], filename: String = "id.jpg", contentType: String = "image/jpeg")
        -> (ByteBuffer, HTTPFields)
    {
        let boundary = "----vouch-test-boundary"
        var buffer = ByteBuffer()
        buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"doc_type\"\r\n\r\n\(docType)\r\n")
        buffer.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n"
                + "Content-Type: \(contentType)\r\n\r\n"
        )
        buffer.writeBytes(file)
        buffer.writeString("\r\n--\(boundary)--\r\n")
        return (buffer, [.contentType: "multipart/form-data; boundary=\(boundary)"])
    }
}

/// The suites' logs. With `VOUCH_TEST_LOG_FILE` set (as `scripts/test` does), every line the
/// server writes in every test goes there as JSON, from info up, for the check that no test
/// applicant's name or document number ever reaches a log; otherwise warnings go to stderr.
enum TestLogging {
    static let level: Logger.Level = {
        let path = ProcessInfo.processInfo.environment["VOUCH_TEST_LOG_FILE"]
        let file = path.flatMap { path -> FileHandle? in
            FileManager.default.createFile(atPath: path, contents: nil)
            return FileHandle(forWritingAtPath: path)
        }
        let level: Logger.Level = file == nil ? .warning : .info
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level, output: file ?? .standardError) }
        return level
    }()
}
