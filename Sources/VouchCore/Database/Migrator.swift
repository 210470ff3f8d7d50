import Base
import Crypto
import Foundation
import Logging
import Postgres

/// One numbered SQL file from `migrations/`.
public struct Migration: Sendable, Equatable {
    public var version: Int
    public var name: String
    public var sql: String
    /// SHA-256 of the file, hex: an applied migration whose file changed is refused.
    public var checksum: String
}

/// Why migrating stopped.
public enum MigrationError: Error, CustomStringConvertible, Equatable {
    case badFileName(String)
    case duplicateVersion(Int)
    case editedAfterApplying(version: Int, name: String)
    case missingFile(version: Int)

    public var description: String {
        switch self {
        case .badFileName(let name): return "migration file name \(name) is not NNNN_name.sql"
        case .duplicateVersion(let version): return "two migration files have version \(version)"
        case .editedAfterApplying(let version, let name):
            return "migration \(version) (\(name)) was changed after it was applied; add a new migration instead"
        case .missingFile(let version): return "migration \(version) is applied but its file is missing"
        }
    }
}

/// Applies the numbered SQL files in order, each in its own transaction, and records them with
/// their checksums. An advisory lock makes two instances starting at once take turns.
public struct Migrator: Sendable {
    /// An arbitrary constant shared by every instance: the advisory lock's key.
    static let advisoryLockKey = 7_460_271_113
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// Reads and orders the migration files.
    public func migrations() throws -> [Migration] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".sql") }
        var seen = Set<Int>()
        let migrations = try names.map { name -> Migration in
            guard let prefix = name.split(separator: "_").first, prefix.count == 4, let version = Int(prefix) else {
                throw MigrationError.badFileName(name)
            }
            guard seen.insert(version).inserted else { throw MigrationError.duplicateVersion(version) }
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            let checksum = SHA256.hash(data: data).lowercaseHex
            return Migration(version: version, name: name, sql: String(decoding: data, as: UTF8.self), checksum: checksum)
        }
        return migrations.sorted { $0.version < $1.version }
    }

    /// Applies what is pending; returns the migrations applied by this call.
    @discardableResult
    public func migrate(pool: PostgresPool, logger: Logger) async throws -> [Migration] {
        let all = try migrations()
        let applied = try await pool.withConnection { connection -> [Migration] in
            try connection.query("SELECT pg_advisory_lock(\(Self.advisoryLockKey))")
            defer { _ = try? connection.query("SELECT pg_advisory_unlock(\(Self.advisoryLockKey))") }
            try connection.execute(
                unsafeScript: """
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        version integer PRIMARY KEY,
                        name text NOT NULL,
                        checksum text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now()
                    )
                    """
            )
            let recorded = try Self.recorded(on: connection)
            try Self.verify(recorded: recorded, against: all)
            var appliedNow: [Migration] = []
            for migration in all where recorded[migration.version] == nil {
                try connection.execute(unsafeScript: "BEGIN")
                do {
                    try connection.execute(unsafeScript: migration.sql)
                    try connection.query(
                        """
                        INSERT INTO schema_migrations (version, name, checksum)
                        VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                        """
                    )
                    try connection.execute(unsafeScript: "COMMIT")
                } catch {
                    try? connection.execute(unsafeScript: "ROLLBACK")
                    throw error
                }
                appliedNow.append(migration)
            }
            return appliedNow
        }
        for migration in applied { logger.info("applied migration", metadata: ["migration": "\(migration.name)"]) }
        return applied
    }

    /// Whether every migration file is applied, unchanged (for `/readyz`).
    public func isCurrent(pool: PostgresPool) async throws -> Bool {
        try await Self.isCurrent(pool: pool, files: try migrations())
    }

    /// Whether the database has exactly `files` applied (read once by callers that ask often).
    public static func isCurrent(pool: PostgresPool, files all: [Migration]) async throws -> Bool {
        let applied = try await pool.withConnection { try Migrator.recorded(on: $0) }
        return all.allSatisfy { applied[$0.version] == $0.checksum } && applied.count == all.count
    }

    static func recorded(on connection: PostgresConnection) throws -> [Int: String] {
        var recorded: [Int: String] = [:]
        for row in try connection.query("SELECT version, checksum FROM schema_migrations") {
            let (version, checksum) = try row.decode(Int.self, String.self)
            recorded[version] = checksum
        }
        return recorded
    }

    static func verify(recorded: [Int: String], against files: [Migration]) throws {
        let byVersion = Dictionary(uniqueKeysWithValues: files.map { ($0.version, $0) })
        for (version, checksum) in recorded.sorted(by: { $0.key < $1.key }) {
            guard let file = byVersion[version] else { throw MigrationError.missingFile(version: version) }
            guard file.checksum == checksum else {
                throw MigrationError.editedAfterApplying(version: version, name: file.name)
            }
        }
    }
}
