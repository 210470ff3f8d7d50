import Foundation
import Logging
import Postgres
import TestSupport
import Testing
import VouchCore

@Suite("Migrations")
struct MigrationTests {
    /// A copy of the real migrations in a folder the test may change.
    func copyOfMigrations() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vouch-migrations-\(UUID())")
        try FileManager.default.copyItem(at: TestDatabase.migrationsDirectory, to: folder)
        return folder
    }

    @Test("two instances migrating at once apply each migration exactly once")
    func concurrentMigrations() async throws {
        let database = try await TestDatabase.empty()
        let pools = (0..<2).map { _ in PostgresPool(configuration: .init(conninfo: database.adminURL, maximumConnections: 1)) }
        let migrator = Migrator(directory: TestDatabase.migrationsDirectory)
        let applied = try await withThrowingTaskGroup(of: Int.self) { group in
            for pool in pools { group.addTask { try await migrator.migrate(pool: pool, logger: Logger(label: "test")).count } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        let expected = try migrator.migrations().count
        #expect(applied.sorted() == [0, expected], "one instance applied everything, the other found it done")
        #expect(try await migrator.isCurrent(pool: pools[0]))
        let recorded: Int = try await pools[0].query("SELECT count(*) FROM schema_migrations")[0].decode(column: 0)
        #expect(recorded == expected)
        for pool in pools { pool.close() }
        try await database.drop()
    }

    @Test("an applied migration that was edited is refused; a new one is applied")
    func editedMigration() async throws {
        let database = try await TestDatabase.empty()
        let folder = try copyOfMigrations()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pool = PostgresPool(configuration: .init(conninfo: database.adminURL, maximumConnections: 1))
        let migrator = Migrator(directory: folder)
        try await migrator.migrate(pool: pool, logger: Logger(label: "test"))

        let added = folder.appendingPathComponent("9999_add_note.sql")
        try "CREATE TABLE migration_probe (id integer);".write(to: added, atomically: true, encoding: .utf8)
        #expect(try await !migrator.isCurrent(pool: pool))
        #expect(try await migrator.migrate(pool: pool, logger: Logger(label: "test")).map(\.version) == [9999])

        let first = try migrator.migrations()[0]
        let firstFile = folder.appendingPathComponent(first.name)
        try (first.sql + "\n-- edited\n").write(to: firstFile, atomically: true, encoding: .utf8)
        await #expect(throws: MigrationError.editedAfterApplying(version: first.version, name: first.name)) {
            try await migrator.migrate(pool: pool, logger: Logger(label: "test"))
        }

        try first.sql.write(to: firstFile, atomically: true, encoding: .utf8)
        try "SELECT 1;".write(to: folder.appendingPathComponent("not_numbered.sql"), atomically: true, encoding: .utf8)
        #expect(throws: MigrationError.badFileName("not_numbered.sql")) { try migrator.migrations() }
        pool.close()
        try await database.drop()
    }

    @Test("a failing migration leaves nothing behind")
    func failingMigration() async throws {
        let database = try await TestDatabase.empty()
        let folder = try copyOfMigrations()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "CREATE TABLE half_done (id integer); SELECT 1/0;".write(
            to: folder.appendingPathComponent("9998_broken.sql"),
            atomically: true,
            encoding: .utf8
        )
        let pool = PostgresPool(configuration: .init(conninfo: database.adminURL, maximumConnections: 1))
        await #expect(throws: PostgresError.self) {
            try await Migrator(directory: folder).migrate(pool: pool, logger: Logger(label: "test"))
        }
        let halfDone: Int = try await pool.query("SELECT count(*) FROM pg_tables WHERE tablename = 'half_done'")[0]
            .decode(column: 0)
        #expect(halfDone == 0)
        let versions: Int = try await pool.query("SELECT count(*) FROM schema_migrations WHERE version = 9998")[0]
            .decode(column: 0)
        #expect(versions == 0)
        pool.close()
        try await database.drop()
    }

    @Test("the schema can be distributed by tenant_id: deploy/citus/check.sql finds nothing to fix")
    func readyForCitus() async throws {
        let database = try await TestDatabase.migrated()
        let pool = PostgresPool(configuration: .init(conninfo: database.adminURL, maximumConnections: 1))
        defer { pool.close() }
        let check = TestDatabase.migrationsDirectory.deletingLastPathComponent().appendingPathComponent("deploy/citus/check.sql")
        let sql = try String(contentsOf: check, encoding: .utf8)
        let problems = try await pool.query(PostgresQuery(unsafeSQL: sql))
        let found = try problems.map { try $0.decode(String.self, String.self, String.self) }.map { "\($0.0): \($0.1) (\($0.2))" }
        #expect(found.isEmpty, "\(found)")

        // The check sees a problem when there is one: a tenant table unique on something else.
        _ = try await pool.query("CREATE TABLE citus_probe (tenant_id uuid NOT NULL, code text UNIQUE, PRIMARY KEY (tenant_id, code))")
        let probed = try await pool.query(PostgresQuery(unsafeSQL: sql))
        #expect(try probed.map { try $0.decode(column: 0, as: String.self) }.contains("citus_probe"))
        try await database.drop()
    }
}
