import ArgumentParser
import Foundation
import Glibc

/// A command that could not do its work (as opposed to a wrong invocation, which shows usage).
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs PostgreSQL's own programs (pg_basebackup, pg_ctl, pg_verifybackup) for the backup and
/// restore commands. Programs that touch a data directory run as that directory's owner: as
/// root, they are handed to the `postgres` system user, since the server refuses to run as root.
struct PostgresTools {
    /// The directory of the newest server programs installed by Debian's packages, unless
    /// `VOUCH_PG_BINDIR` names one.
    let binDirectory: URL

    init() throws {
        if let configured = ProcessInfo.processInfo.environment["VOUCH_PG_BINDIR"], !configured.isEmpty {
            binDirectory = URL(fileURLWithPath: configured)
            return
        }
        let root = URL(fileURLWithPath: "/usr/lib/postgresql")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        let newest = versions.compactMap { Int($0) }.sorted().last { version in
            FileManager.default.isExecutableFile(atPath: root.appendingPathComponent("\(version)/bin/pg_basebackup").path)
        }
        guard let newest else {
            throw ValidationError("no PostgreSQL programs under /usr/lib/postgresql (set VOUCH_PG_BINDIR)")
        }
        binDirectory = root.appendingPathComponent("\(newest)/bin")
    }

    static var isRoot: Bool { geteuid() == 0 }

    /// Runs `program` with `arguments`; returns its exit status and what it wrote (both streams).
    /// `asClusterOwner` hands it to the `postgres` user when running as root. waitpid blocks, so
    /// the wait happens on a thread of its own, not on the cooperative threads.
    @discardableResult
    func run(_ program: String, _ arguments: [String], asClusterOwner: Bool = false) async throws -> (status: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try self.runBlocking(program, arguments, asClusterOwner: asClusterOwner) })
            }
            thread.name = "vouch-\(program)"
            thread.start()
        }
    }

    private func runBlocking(_ program: String, _ arguments: [String], asClusterOwner: Bool) throws -> (status: Int32, output: String) {
        let path = binDirectory.appendingPathComponent(program).path
        let argv = asClusterOwner && Self.isRoot ? ["/usr/sbin/runuser", "-u", "postgres", "--", path] + arguments : [path] + arguments
        // The output goes to a file: a server that pg_ctl starts inherits the program's output
        // and outlives it, so a pipe (or Foundation's watch on its child, which waits the same
        // way) would not see the end while the server runs. waitpid sees the program's own exit.
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("vouch-\(program)-\(UUID().uuidString).out").path
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var pid = pid_t()
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { for argument in cArguments { free(argument) } }
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ)
        guard spawned == 0 else { throw CommandFailure("could not run \(argv[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // The exit code when it exited, 128 + the signal when a signal ended it.
        let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + status & 0x7f
        return (code, output)
    }

    /// Runs `program` and throws with its output when it fails.
    func mustRun(_ program: String, _ arguments: [String], asClusterOwner: Bool = false) async throws {
        let (status, output) = try await run(program, arguments, asClusterOwner: asClusterOwner)
        guard status == 0 else {
            throw CommandFailure("\(program) failed (exit \(status)):\n\(output.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }

    /// Gives `directory` and all it holds to the cluster owner (when running as root).
    static func handToClusterOwner(_ directory: URL) throws {
        guard isRoot else { return }
        guard let owner = getpwnam("postgres") else { throw CommandFailure("the postgres system user does not exist") }
        let (uid, gid) = (owner.pointee.pw_uid, owner.pointee.pw_gid)
        var paths = [directory.path]
        if let relative = FileManager.default.enumerator(atPath: directory.path)?.allObjects as? [String] {
            paths += relative.map { directory.appendingPathComponent($0).path }
        }
        for path in paths where lchown(path, uid, gid) != 0 {
            throw CommandFailure("could not give \(path) to the postgres user")
        }
    }
}
