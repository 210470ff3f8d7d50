import Foundation
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
