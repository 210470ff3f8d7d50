import ArgumentParser
import Foundation
import Postgres

/// `vouch restore`: a new cluster holding exactly what was committed up to a point in time, from
/// the newest base backup before it and the archived WAL after it.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a point in time into a new cluster from `vouch backup` and the WAL archive.",
        discussion: """
            Picks the newest backup restorable at --to, copies it into --data-dir, replays the \
            archived WAL up to --to and starts the cluster on 127.0.0.1:--port, promoted and \
            ready for writes. The restored cluster archives nothing and waits for no standby. \
            Run `vouch audit verify` against it to check every tenant's chain.
            """
    )

    @Option(help: "Directory that holds the backups (`vouch backup create --dir`).")
    var backups: String

    @Option(help: "Directory the cluster archives its WAL to (its archive_command's target).")
    var walArchive: String

    @Option(help: "The point in time, ISO 8601 with a zone (2026-12-07T12:00:00Z; fractions of a second allowed).")
    var to: String

    @Option(help: "Directory for the new cluster; must not exist or be empty.")
    var dataDir: String

    @Option(help: "Port the restored cluster listens on (127.0.0.1).")
    var port: Int = 5433

    @Option(help: "Seconds to wait for the replay to reach the target.")
    var timeout: Int = 600

    func run() async throws {
        guard let target = Self.parseTime(to) else {
            throw ValidationError("--to must be an ISO 8601 time with a zone, such as 2026-12-07T12:00:00Z (got \(to))")
        }
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1-65535") }
        guard (1...86_400).contains(timeout) else { throw ValidationError("--timeout must be 1-86400 seconds") }
        let (record, source) = try Self.backup(restorableAt: target, in: URL(fileURLWithPath: backups))
        let archive = URL(fileURLWithPath: walArchive)
        guard FileManager.default.fileExists(atPath: archive.path) else { throw CommandFailure("no WAL archive at \(archive.path)") }
        let destination = URL(fileURLWithPath: dataDir)
        try Self.prepare(destination, from: source)
        try Self.configureRecovery(in: destination, archive: archive, target: target, port: port)
        try PostgresTools.handToClusterOwner(destination)
        let tools = try PostgresTools()
        let log = destination.appendingPathComponent("restore.log").path
        let started = try await tools.run(
            "pg_ctl",
            ["start", "-D", destination.path, "-l", log, "-w", "-t", "\(timeout)"],
            asClusterOwner: true
        )
        if started.status != 0 {
            throw CommandFailure("the restored cluster did not start: \(Self.failure(inLog: log) ?? started.output) (see \(log))")
        }
        try await waitForPromotion(port: port, log: log)
        print("restored \(to) from backup \(record.id) into \(destination.path)")
        print("serving on postgresql://postgres@127.0.0.1:\(port)/vouch")
        if let stop = Self.stopPoint(inLog: log) { print(stop) }
    }

    /// The newest backup that finished at or before `target`; a clear error when there is none.
    static func backup(restorableAt target: Date, in directory: URL) throws -> (BackupRecord, URL) {
        let all = BackupRecord.all(in: directory)
        guard let first = all.first else { throw CommandFailure("no backups in \(directory.path)") }
        guard let chosen = all.last(where: { $0.record.finishedAt <= target }) else {
            let formatter = ISO8601DateFormatter()
            throw ValidationError(
                "the target \(formatter.string(from: target)) is before the first backup: the earliest time that can be restored is \(formatter.string(from: first.record.finishedAt)) (backup \(first.record.id))"
            )
        }
        return chosen
    }

    static func prepare(_ destination: URL, from source: URL) throws {
        let files = FileManager.default
        if files.fileExists(atPath: destination.path) {
            guard (try files.contentsOfDirectory(atPath: destination.path)).isEmpty else {
                throw CommandFailure("\(destination.path) is not empty: restore into a new directory")
            }
            try files.removeItem(at: destination)
        }
        try files.copyItem(at: source, to: destination)
        // A backup of a standby would start as one; this cluster starts as a primary of its own.
        for name in ["standby.signal", "postmaster.pid", BackupRecord.fileName] {
            try? files.removeItem(at: destination.appendingPathComponent(name))
        }
        try files.setAttributes([.posixPermissions: 0o700], ofItemAtPath: destination.path)
        try Data().write(to: destination.appendingPathComponent("recovery.signal"))
    }

    /// Settings appended to postgresql.auto.conf, read last, so they win over the copied ones.
    static func configureRecovery(in destination: URL, archive: URL, target: Date, port: Int) throws {
        let settings = [
            "restore_command = 'cp \"\(archive.path)/%f\" \"%p\"'",
            "recovery_target_time = '\(postgresTime(target))'",
            "recovery_target_action = 'promote'",
            // The copy must not write into the archive of the cluster it came from, nor wait for
            // that cluster's standby to confirm its commits.
            "archive_mode = 'off'",
            "synchronous_standby_names = ''",
            "port = \(port)",
            "listen_addresses = '127.0.0.1'",
            "unix_socket_directories = '\(destination.path)'",
            // Its log in restore.log, where this command reads how the replay ended.
            "logging_collector = off",
        ]
        let file = destination.appendingPathComponent("postgresql.auto.conf")
        let existing = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        let added = "\n# vouch restore\n" + settings.joined(separator: "\n") + "\n"
        try (existing + added).write(to: file, atomically: true, encoding: .utf8)
    }

    /// Waits until the cluster has replayed to the target and left recovery.
    func waitForPromotion(port: Int, log: String) async throws {
        let pool = PostgresPool(
            configuration: .init(conninfo: "postgresql://postgres@127.0.0.1:\(port)/postgres", maximumConnections: 1)
        )
        defer { pool.close() }
        let deadline = ContinuousClock.now + .seconds(timeout)
        while ContinuousClock.now < deadline {
            // Until it is consistent the server answers no query; its log says why only if it
            // gave up, so the log is read when the query fails, not on every turn.
            if let rows = try? await pool.query("SELECT pg_is_in_recovery()") {
                if try rows[0].decode(column: 0, as: Bool.self) == false { return }
            } else if let failure = Self.failure(inLog: log) {
                throw CommandFailure("the restore failed: \(failure) (see \(log))")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw CommandFailure("the replay did not reach the target within \(timeout) s (see \(log))")
    }

    /// Why the server gave up, from its log; nil while it has not shut down.
    static func failure(inLog log: String) -> String? {
        let lines = logLines(log)
        guard lines.contains(where: { $0.contains("database system is shut down") }) else { return nil }
        return lines.last { $0.contains("FATAL:") }.map { line in
            line.contains("recovery ended before configured recovery target was reached")
                ? "the archived WAL ends before the target: nothing was archived up to that time yet"
                : String(line)
        }
    }

    /// The server's own account of where replay stopped.
    static func stopPoint(inLog log: String) -> String? {
        logLines(log).last { $0.contains("recovery stopping") }.map(String.init)
    }

    private static func logLines(_ log: String) -> [Substring] {
        ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n")
    }

    static func parseTime(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    /// A timestamp Postgres reads exactly: UTC, microseconds.
    static func postgresTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss.SSSSSS"
        return formatter.string(from: date) + "+00"
    }
}
