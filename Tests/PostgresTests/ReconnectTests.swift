import Foundation
import Glibc
import Postgres
import TestSupport
import Testing

/// Recovery from a lost session, and failure to reach a server at all.
@Suite struct ReconnectTests {
    @Test func terminatedBackendIsReplacedOnTheNextCall() async throws {
        try await withTestPool(maximumConnections: 1) { pool, database in
            let firstPID = try await pool.backendPID()

            let admin = PostgresPool(configuration: .init(conninfo: database.adminURL, maximumConnections: 1))
            defer { admin.close() }
            let terminated: Bool = try await admin.scalar("SELECT pg_terminate_backend(\(firstPID))")
            #expect(terminated)
            try await waitUntilGone(firstPID, admin)

            let secondPID = try await pool.backendPID()
            #expect(secondPID != firstPID)
            #expect(pool.openConnections == 1)
            let value: Int32 = try await pool.scalar("SELECT 5")
            #expect(value == 5)
            #expect(try await pool.backendPID() == secondPID)
        }
    }

    @Test func terminatedBackendIsReplacedForATransaction() async throws {
        try await withTestPool(maximumConnections: 1) { pool, database in
            let firstPID = try await pool.backendPID()
            let admin = PostgresPool(configuration: .init(conninfo: database.adminURL, maximumConnections: 1))
            defer { admin.close() }
            let _: Bool = try await admin.scalar("SELECT pg_terminate_backend(\(firstPID))")
            try await waitUntilGone(firstPID, admin)

            let pid = try await pool.transaction(prelude: ["SELECT set_config('app.x', 'v', true)"]) { tx in
                try tx.finish(with: "SELECT pg_backend_pid()")[0].decode(column: 0, as: Int32.self)
            }
            #expect(pid != firstPID)
        }
    }

    /// The connection lost in the round trip that commits: the transaction may or may not have
    /// been committed, and the error says so instead of passing for a plain lost connection.
    @Test func connectionLostWhileCommittingLeavesTheOutcomeUnknown() async throws {
        try await withTestPool(maximumConnections: 1) { pool, _ in
            try await pool.query("CREATE TABLE marks (x int)")
            let error = try await expectPostgresError {
                try await pool.transaction { tx in
                    try tx.query("INSERT INTO marks VALUES (1)")
                    try tx.finish(with: "SELECT pg_terminate_backend(pg_backend_pid())")
                }
            }
            #expect(error.kind == .commitOutcomeUnknown)
            #expect(error.isUnavailable)
            let count: Int64 = try await pool.scalar("SELECT count(*) FROM marks")
            #expect(count == 0, "here the backend ended before its commit")
        }
    }

    @Test func closedPortIsAConnectionFailure() async throws {
        let pool = PostgresPool(
            configuration: .init(conninfo: "postgresql://postgres@127.0.0.1:1/postgres", maximumConnections: 1)
        )
        defer { pool.close() }
        let clock = ContinuousClock()
        let start = clock.now
        let error = try await expectPostgresError { try await pool.query("SELECT 1") }
        #expect(error.kind == .connectionFailed)
        #expect(error.isConnectionLoss)
        #expect(error.sqlState == nil)
        // Refused at once, not after a connect timeout (generous: the suites run in parallel).
        #expect(clock.now - start < .seconds(10))
        // The pool keeps trying on later calls instead of holding on to a broken connection.
        let again = try await expectPostgresError { try await pool.query("SELECT 1") }
        #expect(again.kind == .connectionFailed)
    }

    /// After a failover a connection can still be open to the old primary, now a standby that
    /// refuses writes: the pool drops it and connects anew (to the new primary, through a
    /// multi-host connection string). A session made read-only stands in for the standby.
    @Test func connectionThatRefusesWritesIsReplaced() async throws {
        try await withTestPool(maximumConnections: 1) { pool, _ in
            let firstPID = try await pool.backendPID()
            try await pool.query("SET default_transaction_read_only = on")
            let error = try await expectPostgresError { try await pool.query("CREATE TABLE refused (x int)") }
            #expect(error.sqlState == .readOnlySQLTransaction)
            #expect(error.isUnavailable)

            #expect(try await pool.backendPID() != firstPID)
            try await pool.query("CREATE TABLE accepted (x int)")
        }
    }

    @Test func pipelinedConnectionThatRefusesWritesIsReplaced() async throws {
        try await withTestPool(maximumConnections: 1) { pool, _ in
            let pid: () async throws -> Int32 = {
                try await pool.pipelined(["SELECT pg_backend_pid()"])[0][0].decode(column: 0, as: Int32.self)
            }
            let firstPID = try await pid()
            _ = try await pool.pipelined(["SELECT set_config('default_transaction_read_only', 'on', false)"])
            let error = try await expectPostgresError { _ = try await pool.pipelined(["CREATE TABLE refused (x int)"]) }
            #expect(error.sqlState == .readOnlySQLTransaction)

            #expect(try await pid() != firstPID)
            _ = try await pool.pipelined(["CREATE TABLE accepted (x int)"])
        }
    }

    /// A multi-host connection string: a host that refuses is skipped for the next one, and
    /// `target_session_attrs=read-write` takes only a server that accepts writes.
    @Test func multiHostConnectionSkipsAHostThatRefuses() async throws {
        try await withTestPool(maximumConnections: 1) { _, database in
            let url = database.adminURL.replacingOccurrences(of: "@127.0.0.1:", with: "@127.0.0.1:1,127.0.0.1:")
            #expect(url != database.adminURL)
            let pool = PostgresPool(
                configuration: .init(conninfo: url + "?target_session_attrs=read-write", maximumConnections: 1)
            )
            defer { pool.close() }
            let value: Int32 = try await pool.scalar("SELECT 7")
            #expect(value == 7)
        }
    }

    /// A host that takes the connection and never answers (a machine that hangs) is given up
    /// after the connection string's `connect_timeout`, and the next host serves.
    @Test func multiHostConnectionSkipsAHostThatNeverAnswers() async throws {
        let silent = try SilentListener()
        defer { silent.close() }
        try await withTestPool(maximumConnections: 1) { _, database in
            let url = database.adminURL.replacingOccurrences(of: "@127.0.0.1:", with: "@127.0.0.1:\(silent.port),127.0.0.1:")
            let pool = PostgresPool(configuration: .init(conninfo: url + "?connect_timeout=2", maximumConnections: 1))
            defer { pool.close() }
            let clock = ContinuousClock()
            let start = clock.now
            let value: Int32 = try await pool.scalar("SELECT 8")
            let waited = clock.now - start
            #expect(value == 8)
            #expect(waited >= .seconds(2), "the silent host was tried first, for its timeout")
            #expect(waited < .seconds(8), "and not hung on: \(waited)")
        }
    }

    @Test func unknownDatabaseIsAConnectionFailure() async throws {
        var components = try #require(URLComponents(string: try TestDatabase.clusterURL()))
        components.path = "/no_such_database_here"
        let pool = PostgresPool(configuration: .init(conninfo: try #require(components.string), maximumConnections: 1))
        defer { pool.close() }
        let error = try await expectPostgresError { try await pool.query("SELECT 1") }
        #expect(error.kind == .connectionFailed)
    }
}

/// Returns once the server has ended the backend `pid` (termination is asynchronous).
func waitUntilGone(_ pid: Int32, _ admin: PostgresPool) async throws {
    _ = try await poll(within: .seconds(10), "backend \(pid) still running") { () async throws -> Bool? in
        let running: Bool = try await admin.scalar("SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = \(pid))")
        return running ? nil : true
    }
}

/// A TCP port on 127.0.0.1 that completes handshakes (the kernel does, up to the backlog) and
/// never reads or writes a byte.
struct SilentListener {
    let descriptor: Int32
    let port: Int

    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 16) == 0 else {
            Glibc.close(listener)
            throw TestFailure("could not listen")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        descriptor = listener
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { Glibc.close(descriptor) }
}
