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

    struct TestTenant: Sendable {
        let id: TenantID
        let apiKey: String
    }

    static func withApp(
        maximumFileBytes: Int = 10 * 1024 * 1024,
        _ body: @Sendable (TestApp, any TestClientProtocol) async throws -> Void
    ) async throws {
        let database = try await TestDatabase.migrated()
        let configuration = AppConfiguration(
            databaseURL: database.appURL,
            keyring: Keyring(masterKey: SymmetricKey(size: .bits256)),
            uploadLimits: DocumentUploadLimits(maximumFileBytes: maximumFileBytes),
            poolSize: 4,
            migrationsDirectory: TestDatabase.migrationsDirectory
        )
        let services = await AppServices(configuration: configuration)
        let (acme, acmeKey) = try await services.tenants.create(name: "Acme")
        let (globex, globexKey) = try await services.tenants.create(name: "Globex")
        let app = TestApp(
            database: database,
            configuration: configuration,
            services: services,
            acme: TestTenant(id: acme.id, apiKey: acmeKey.secret),
            globex: TestTenant(id: globex.id, apiKey: globexKey.secret)
        )
        do {
            var logger = Logger(label: "vouch-test")
            logger.logLevel = .warning
            try await buildApplication(services: services, configuration: configuration, logger: logger).test(.router) { client in
                try await body(app, client)
            }
        } catch {
            services.pool.close()
            try? await database.drop()
            throw error
        }
        services.pool.close()
        try await database.drop()
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
