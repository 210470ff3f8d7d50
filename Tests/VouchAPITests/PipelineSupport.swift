import Foundation
import HummingbirdTesting
import Postgres
import TestSupport
import Testing
import VouchAPI
import VouchCore

/// One upload in the JSON form `{doc_type, doc_body (base64), mrz?, fields?}`.
struct PipelineUpload: Sendable {
    var type: String
    var bytes: [UInt8]
    var mrz: String?
    var fields: [String: String]?

    init(_ type: String, _ bytes: [UInt8], mrz: String? = nil, fields: [String: String]? = nil) {
        self.type = type
        self.bytes = bytes
        self.mrz = mrz
        self.fields = fields
    }

    /// The request body, written by a JSON encoder so that zones with line breaks travel intact.
    var json: String {
        var body: [String: Any] = ["doc_type": type, "doc_body": Data(bytes).base64EncodedString()]
        if let mrz { body["mrz"] = mrz }
        if let fields { body["fields"] = fields }
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

/// The four documents an applicant needs.
struct PipelineDocuments: Sendable {
    var idFront: PipelineUpload
    var idBack: PipelineUpload
    var proofOfAddress: PipelineUpload
    var selfie: PipelineUpload

    var all: [PipelineUpload] { [idFront, idBack, proofOfAddress, selfie] }

    /// A set that passes every check for the default profile (Ada Lovelace, born 1990-12-10,
    /// British). Each `variant` has files and a document number of its own, so duplicate
    /// detection fires only where a test shares them on purpose.
    static func valid(variant: Int) -> PipelineDocuments {
        PipelineDocuments(
            idFront: PipelineUpload("ID_FRONT", PipelineSamples.card(variant)),
            idBack: PipelineUpload("ID_BACK", PipelineSamples.card(variant), mrz: PipelineSamples.zone(variant)),
            proofOfAddress: PipelineUpload(
                "PROOF_OF_ADDRESS",
                PipelineSamples.statement(variant),
                fields: ["issue_date": PipelineDates.daysAgo(3)]
            ),
            selfie: PipelineUpload("SELFIE", PipelineSamples.selfie(variant))
        )
    }
}

/// Files and zones for the pipeline tests, deterministic per variant.
enum PipelineSamples {
    /// A photographed identity card, large enough for the default minimum resolution.
    static func card(_ variant: Int, width: Int = 1280, height: Int = 800, software: String? = nil) -> [UInt8] {
        Samples.photo(width: width, height: height, software: software, filler: 256 + variant)
    }

    /// A portrait photograph.
    static func selfie(_ variant: Int) -> [UInt8] {
        Samples.photo(width: 720, height: 960, filler: 256 + variant)
    }

    /// A one-page PDF statement with a comment naming the variant.
    static func statement(_ variant: Int) -> [UInt8] {
        let text = String(decoding: Samples.statement, as: UTF8.self)
        return Array(text.replacingOccurrences(of: "%%EOF", with: "% variant \(variant)\n%%EOF").utf8)
    }

    /// The card photograph with its last bytes (and the end-of-image marker) cut off.
    static func truncatedCard(_ variant: Int) -> [UInt8] {
        Array(card(variant).dropLast(40))
    }

    /// A document number of nine characters that no other variant has.
    static func documentNumber(_ variant: Int) -> String {
        "V" + String(String(variant).suffix(8)).leftPadded(to: 8, with: "0")
    }

    /// A valid TD1 zone for the default profile with the variant's document number.
    static func zone(
        _ variant: Int,
        surname: String = "LOVELACE",
        givenNames: String = "ADA",
        birth: String = "901210",
        expiry: String = "341231"
    )
        -> String
    {
        MRZSamples.td1(documentNumber: documentNumber(variant), surname: surname, givenNames: givenNames, birth: birth, expiry: expiry)
    }

    /// The zone with the document number's check digit (line 1, position 15) made wrong.
    static func withBadDocumentNumberCheckDigit(_ zone: String) -> String {
        var lines = zone.split(separator: "\n").map { Array($0) }
        let digit = Int(String(lines[0][14])) ?? 0
        lines[0][14] = Character(String((digit + 1) % 10))
        return lines.map { String($0) }.joined(separator: "\n")
    }
}

extension String {
    fileprivate func leftPadded(to length: Int, with pad: Character) -> String {
        String(repeating: pad, count: max(0, length - count)) + self
    }
}

/// Calendar dates as the API writes them (UTC).
enum PipelineDates {
    static func daysAgo(_ days: Int) -> String {
        format(Date().addingTimeInterval(-Double(days) * 86_400), "yyyy-MM-dd")
    }

    /// The date `years` years before today, as `YYYY-MM-DD` for a profile and `YYMMDD` for a zone.
    static func birthday(yearsAgo years: Int) -> (profile: String, zone: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = calendar.date(byAdding: .year, value: -years, to: Date())!
        return (format(date, "yyyy-MM-dd"), format(date, "yyMMdd"))
    }

    /// Whole years from `born` (YYYY-MM-DD) to today.
    static func age(born: String) -> Int {
        let parts = born.split(separator: "-").compactMap { Int($0) }
        let today = format(Date(), "yyyy-MM-dd").split(separator: "-").compactMap { Int($0) }
        let hadBirthday = (today[1], today[2]) >= (parts[1], parts[2])
        return today[0] - parts[0] - (hadBirthday ? 0 : 1)
    }

    static func format(_ date: Date, _ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}

/// The profile an applicant is created with.
struct PipelineProfile: Sendable {
    var firstName = "Ada"
    var lastName = "Lovelace"
    var dateOfBirth = "1990-12-10"
    var nationality = "GB"
}

/// Request helpers for the pipeline's API.
extension TestClientProtocol {
    /// Creates an applicant with `profile` and returns its id.
    func createApplicant(key: String, profile: PipelineProfile) async throws -> String {
        let body: [String: Any] = [
            "external_user_id": UUID().uuidString,
            "first_name": profile.firstName,
            "last_name": profile.lastName,
            "date_of_birth": profile.dateOfBirth,
            "nationality": profile.nationality,
        ]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        let response = try await send(.post, "/v1/applicants", key: key, json: json)
        #expect(response.status == .created, "\(String(buffer: response.body))")
        return try response.json()["id"] as? String ?? ""
    }

    func uploadDocument(_ upload: PipelineUpload, applicant: String, key: String) async throws -> TestResponse {
        try await send(.post, "/v1/applicants/\(applicant)/documents", key: key, json: upload.json)
    }

    /// Uploads every document, expecting each to be accepted; returns the document ids by type.
    @discardableResult
    func uploadDocuments(_ documents: PipelineDocuments, applicant: String, key: String) async throws -> [String: String] {
        var ids: [String: String] = [:]
        for upload in documents.all {
            let response = try await uploadDocument(upload, applicant: applicant, key: key)
            #expect(response.status == .accepted, "\(upload.type): \(String(buffer: response.body))")
            ids[upload.type] = try response.json()["id"] as? String
        }
        return ids
    }

    /// The status object's `status`.
    func applicantState(_ applicant: String, key: String) async throws -> String? {
        try await send(.get, "/v1/applicants/\(applicant)/status", key: key).json()["status"] as? String
    }

    /// The current document of each type, with its status.
    func documentStates(_ applicant: String, key: String) async throws -> [String: String] {
        let status = try await send(.get, "/v1/applicants/\(applicant)/status", key: key).json()
        var states: [String: String] = [:]
        for entry in status["doc_status"] as? [[String: Any]] ?? [] {
            if let type = entry["doc_type"] as? String { states[type] = entry["doc_status"] as? String }
        }
        return states
    }

    /// One document version as `GET /v1/documents/{id}` shows it.
    func fetchDocument(_ id: String, key: String) async throws -> [String: Any] {
        try await send(.get, "/v1/documents/\(id)", key: key).json()
    }

    /// `GET /v1/applicants/{id}/checks`.
    func fetchChecks(_ applicant: String, key: String) async throws -> [String: Any] {
        try await send(.get, "/v1/applicants/\(applicant)/checks", key: key).json()
    }

    func putRules(_ json: String, key: String) async throws -> TestResponse {
        try await send(.put, "/v1/rules", key: key, json: json)
    }

    /// The tenant's open review cases.
    func openReviews(key: String) async throws -> [[String: Any]] {
        try await send(.get, "/v1/reviews?status=open", key: key).json()["data"] as? [[String: Any]] ?? []
    }
}

/// A job row as the owner sees it.
struct JobRow: Sendable, Equatable {
    var kind: String
    var subject: UUID
    var state: String
    var attempts: Int
    var maxAttempts: Int
    var lastError: String?
}

/// Looking at what the pipeline wrote, past row-level security.
extension TestApp {
    /// How many events of each type are about the applicant: its own, its documents' and its
    /// reviews' (every one carries the applicant's id in its data).
    func eventCounts(applicant: String) async throws -> [String: Int] {
        let rows = try await admin(
            "SELECT type, count(*) FROM events WHERE data ->> 'applicant_id' = '\(applicant)' GROUP BY type"
        )
        var counts: [String: Int] = [:]
        for row in rows {
            let (type, count) = try row.decode(String.self, Int.self)
            counts[type] = count
        }
        return counts
    }

    /// Every job of every tenant, oldest first.
    func jobRows() async throws -> [JobRow] {
        let rows = try await admin(
            "SELECT kind, subject_id, state, attempts, max_attempts, last_error FROM jobs ORDER BY created_at, id"
        )
        return try rows.map { row in
            let (kind, subject, state, attempts, maxAttempts, lastError) = try row.decode(
                String.self,
                UUID.self,
                String.self,
                Int.self,
                Int.self,
                String?.self
            )
            return JobRow(kind: kind, subject: subject, state: state, attempts: attempts, maxAttempts: maxAttempts, lastError: lastError)
        }
    }

    /// A new key of `tenant` (Acme's unless given) holding only `scopes`.
    func issueKey(_ scopes: [Scope], tenant: TenantID? = nil) async throws -> IssuedAPIKey {
        try await services.apiKeys.create(tenant: tenant ?? acme.id, name: "test key", scopes: scopes)
    }

    /// Uploads a valid set for a new applicant, runs the queue, and returns the applicant's id.
    func verifiedApplicant(_ client: some TestClientProtocol, variant: Int, key: String? = nil) async throws -> String {
        let key = key ?? acme.apiKey
        let applicant = try await client.createApplicant(key: key, profile: PipelineProfile())
        try await client.uploadDocuments(.valid(variant: variant), applicant: applicant, key: key)
        try await drainJobs()
        #expect(try await client.applicantState(applicant, key: key) == "verified")
        return applicant
    }
}

extension TestApp {
    /// Returns once `sessions` sessions of this test's database wait for a lock: proof that
    /// the work under test reached the lock it must wait for, rather than a guess at how long
    /// getting there takes.
    func waitUntilBlocked(sessions: Int) async throws {
        _ = try await poll(within: .seconds(30), "fewer than \(sessions) sessions wait for a lock") { () async throws -> Bool? in
            let waiting: Int = try await admin(
                """
                SELECT count(DISTINCT l.pid) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE NOT l.granted AND a.datname = current_database()
                """
            )[0].decode(column: 0)
            return waiting >= sessions ? true : nil
        }
    }
}

/// An owner's transaction held open on a connection of its own, keeping the row locks its
/// statement took until `release()`: a way to stop a worker at a known point and look at what
/// everyone else sees meanwhile. Closing the connection (on deinit) also releases the locks.
final class HeldRowLock {
    private let connection: PostgresConnection

    /// `sql` must lock at least one row (`SELECT … FOR UPDATE`).
    init(databaseURL: String, locking sql: String) throws {
        connection = try PostgresConnection(conninfo: databaseURL, applicationName: "vouch-test-lock")
        try connection.query("BEGIN")
        let rows = try connection.query(PostgresQuery(unsafeSQL: sql))
        if rows.isEmpty { throw TestLockError() }
    }

    func release() throws {
        try connection.query("COMMIT")
    }

    struct TestLockError: Error {}
}
