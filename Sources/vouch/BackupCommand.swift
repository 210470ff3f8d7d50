import ArgumentParser
import Foundation
import Postgres

/// What `vouch backup create` records beside each base backup, in `vouch-backup.json`.
struct BackupRecord: Codable {
    var id: String
    /// When pg_basebackup started and when it returned: the backup is consistent at a point
    /// between the two, so a restore can reach any time from `finishedAt` on.
    var startedAt: Date
    var finishedAt: Date
    /// The database system the backup was taken from (`pg_control_system()`), which the WAL
    /// replayed onto it must come from.
    var systemIdentifier: String

    static let fileName = "vouch-backup.json"

    static func read(_ directory: URL) -> BackupRecord? {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent(fileName)) else { return nil }
        return try? JSONDecoder.backup.decode(BackupRecord.self, from: data)
    }

    /// Every complete backup in `directory`, oldest first.
    static func all(in directory: URL) -> [(record: BackupRecord, path: URL)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return
            names
            .map { directory.appendingPathComponent($0) }
            .compactMap { path in read(path).map { ($0, path) } }
            .sorted { $0.record.finishedAt < $1.record.finishedAt }
    }
}

extension JSONEncoder {
    static var backup: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return encoder
    }
}

extension JSONDecoder {
    static var backup: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

/// `vouch backup`: base backups that, with the WAL the cluster archives continuously, restore
/// to any point in time (`vouch restore`).
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Base backups of the database, for point-in-time restores with the archived WAL.",
        subcommands: [Create.self, List.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Take a base backup with pg_basebackup (needs the owner connection, a replication connection, and archive_mode=on for point-in-time restores)."
        )

        @OptionGroup var settings: SettingsOptions

        @Option(help: "Directory that holds the backups; each goes into a folder of its own.")
        var dir: String

        func run() async throws {
            let tools = try PostgresTools()
            let pool = try settings.adminPool()
            defer { pool.close() }
            let (archiving, systemIdentifier) = try await Self.serverFacts(pool)
            let id = Self.newID()
            let target = URL(fileURLWithPath: dir).appendingPathComponent(id)
            try FileManager.default.createDirectory(at: URL(fileURLWithPath: dir), withIntermediateDirectories: true)
            let startedAt = Date()
            // Plain format, so that pg_verifybackup can check it against its manifest; the WAL
            // written while it ran comes with it, so the backup restores on its own too.
            try await tools.mustRun(
                "pg_basebackup",
                ["-d", try settings.adminURL(), "-D", target.path, "-Fp", "-X", "stream", "-c", "fast", "-l", "vouch \(id)"]
            )
            let finishedAt = Date()
            try await tools.mustRun("pg_verifybackup", ["-n", target.path])
            let record = BackupRecord(id: id, startedAt: startedAt, finishedAt: finishedAt, systemIdentifier: systemIdentifier)
            try JSONEncoder.backup.encode(record).write(to: target.appendingPathComponent(BackupRecord.fileName))
            // The segment the backup ended in goes to the archive now, not when it fills up.
            try await pool.query("SELECT pg_switch_wal()")
            print("backup \(id) in \(target.path), restorable from \(ISO8601DateFormatter().string(from: finishedAt))")
            if !archiving {
                print("warning: archive_mode is off: this backup restores only to its own end, not to a later time")
            }
        }

        static func serverFacts(_ pool: PostgresPool) async throws -> (archiving: Bool, systemIdentifier: String) {
            let rows = try await pool.query(
                "SELECT current_setting('archive_mode') <> 'off', system_identifier::text FROM pg_control_system()"
            )
            return (try rows[0].decode(column: 0, as: Bool.self), try rows[0].decode(column: 1, as: String.self))
        }

        /// A sortable id from the time: 20261207T120102Z.
        static func newID() -> String {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
            return formatter.string(from: Date())
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the backups in a directory, oldest first.")

        @Option(help: "Directory that holds the backups.")
        var dir: String

        func run() throws {
            let formatter = ISO8601DateFormatter()
            for (record, path) in BackupRecord.all(in: URL(fileURLWithPath: dir)) {
                print("\(record.id)\trestorable from \(formatter.string(from: record.finishedAt))\t\(path.path)")
            }
        }
    }
}
