import Foundation
import Logging
import Postgres
import TestSupport
import Testing
import VouchCore

/// 0021 numbers the events written before it, as the server of the previous release wrote them:
/// `applicant.*` about the applicant, `document.*` and `review.*` naming it in their data.
@Suite("Event sequence migration")
struct EventSequenceMigrationTests {
    @Test("events written before sequences get their applicant and a gapless number in time order; the counter continues")
    func backfill() async throws {
        let database = try await TestDatabase.empty()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vouch-migrations-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let all = try FileManager.default.contentsOfDirectory(atPath: TestDatabase.migrationsDirectory.path).sorted()
        for name in all where name < "0021" {
            try FileManager.default.copyItem(
                at: TestDatabase.migrationsDirectory.appendingPathComponent(name),
                to: folder.appendingPathComponent(name)
            )
        }
        let pool = PostgresPool(configuration: .init(conninfo: database.adminURL, maximumConnections: 1))
        try await Migrator(directory: folder).migrate(pool: pool, logger: Logger(label: "test"))

        let tenant = UUID()
        let (ada, bob) = (UUID(), UUID())
        func id(_ uuid: UUID) -> String { "app_" + uuid.uuidString.lowercased().replacingOccurrences(of: "-", with: "") }
        try await pool.query("INSERT INTO tenants (id, name) VALUES (\(tenant), 'Acme')")
        for (applicant, user) in [(ada, "ada"), (bob, "bob")] {
            try await pool.query(
                "INSERT INTO applicants (tenant_id, id, external_user_id) VALUES (\(tenant), \(applicant), \(user))"
            )
        }
        // In time order: Ada created, Bob created, Ada's document, a review of Ada, Bob verified.
        let written: [(String, UUID, String)] = [
            ("applicant.created", ada, #"{"applicant_id": "\#(id(ada))"}"#),
            ("applicant.created", bob, #"{"applicant_id": "\#(id(bob))"}"#),
            ("document.submitted", UUID(), #"{"applicant_id": "\#(id(ada))", "doc_type": "ID_FRONT"}"#),
            ("review.completed", UUID(), #"{"applicant_id": "\#(id(ada))", "decision": "approve"}"#),
            ("applicant.verified", bob, #"{"applicant_id": "\#(id(bob))", "status": "verified"}"#),
        ]
        for (offset, (type, subject, data)) in written.enumerated() {
            try await pool.query(
                """
                INSERT INTO events (tenant_id, id, type, subject_id, data, created_at)
                VALUES (\(tenant), gen_random_uuid(), \(type), \(subject), \(data)::jsonb,
                    now() + make_interval(secs => \(Double(offset))))
                """
            )
        }
        try await Migrator(directory: TestDatabase.migrationsDirectory).migrate(pool: pool, logger: Logger(label: "test"))

        let rows = try await pool.query("SELECT type, applicant_id, sequence FROM events ORDER BY created_at")
        let numbered = try rows.map { row in
            try (row.decode(column: 0, as: String.self), row.decode(column: 1, as: UUID?.self), row.decode(column: 2, as: Int?.self))
        }
        #expect(numbered.map(\.1) == [ada, bob, ada, ada, bob])
        #expect(numbered.map(\.2) == [1, 1, 2, 3, 2])
        let counters = try await pool.query("SELECT id, event_sequence FROM applicants ORDER BY external_user_id")
        #expect(try counters.map { try $0.decode(column: 1, as: Int.self) } == [3, 2], "new events continue from there")
        pool.close()
        try await database.drop()
    }
}
