import Postgres
import TestSupport
import Testing

/// `PostgresPool`: its bound on connections, its wait timeout and its shutdown.
@Suite struct PoolTests {
    /// What a job captures (a statement's bound bytes: a whole document) goes once it has run;
    /// a queue that kept its finished jobs kept megabytes per upload.
    @Test func aFinishedJobKeepsNothingItCaptured() async throws {
        final class Payload: Sendable {}
        try await withTestPool(maximumConnections: 1) { pool, _ in
            weak var weakPayload: Payload?
            do {
                let payload = Payload()
                weakPayload = payload
                try await pool.transaction { transaction in
                    withExtendedLifetime(payload) {}
                    _ = try transaction.query("SELECT 1")
                }
            }
            // The worker thread drops the job right after resuming the caller: a bounded wait.
            #expect(try await eventually(timeout: .seconds(2), interval: .milliseconds(10)) { weakPayload == nil })
        }
    }

    @Test func manyConcurrentCallersShareABoundedNumberOfConnections() async throws {
        try await withTestPool(maximumConnections: 3) { pool, _ in
            let pids = try await withThrowingTaskGroup(of: Int32.self) { group in
                for _ in 0..<40 {
                    group.addTask {
                        let rows = try await pool.query("SELECT pg_sleep(0.02), pg_backend_pid()")
                        return try rows[0].decode(column: 1, as: Int32.self)
                    }
                }
                var pids: [Int32] = []
                for try await pid in group { pids.append(pid) }
                return pids
            }
            #expect(pids.count == 40)
            #expect(Set(pids).count <= 3)
            #expect(pool.openConnections <= 3)
            #expect(pool.openConnections >= 1)
        }
    }

    @Test func waitingLongerThanTheAcquireTimeoutFails() async throws {
        try await withTestPool(maximumConnections: 1, acquireTimeout: .milliseconds(100)) { pool, database in
            try await pool.query("SELECT 1")  // open the one connection up front
            let holder = Task { try await pool.query("SELECT pg_sleep(3)") }
            try await waitUntilRunning("pg_sleep(3)", database)

            let clock = ContinuousClock()
            let start = clock.now
            let error = try await expectPostgresError { try await pool.query("SELECT 1") }
            let waited = clock.now - start
            #expect(error.kind == .poolTimeout)
            #expect(!error.isConnectionLoss)
            #expect(waited >= .milliseconds(90))
            // Timed out, not served when the holder let go three seconds later.
            #expect(waited < .milliseconds(2500))

            // The holder is unaffected, and the connection serves again once released.
            _ = try await holder.value
            let one: Int32 = try await pool.scalar("SELECT 1")
            #expect(one == 1)
            #expect(pool.openConnections == 1)
        }
    }

    @Test func waiterIsServedWhenAConnectionIsReleasedInTime() async throws {
        try await withTestPool(maximumConnections: 1, acquireTimeout: .seconds(5)) { pool, database in
            // The holder waits on an advisory lock held elsewhere, so it keeps the pool's one
            // connection exactly until the test lets it go.
            let gate = try PostgresConnection(conninfo: database.adminURL, applicationName: "vouch-test-gate")
            try gate.query("SELECT pg_advisory_lock(7007)")
            let holder = Task { try await pool.query("SELECT pg_advisory_xact_lock(7007)") }
            try await waitUntilRunning("pg_advisory_xact_lock(7007)", database)
            let waiter = Task { try await pool.scalar("SELECT 7", as: Int32.self) }
            #expect(try await eventually(timeout: .seconds(10), interval: .milliseconds(5)) { pool.usage.waiting == 1 })
            try gate.query("SELECT pg_advisory_unlock(7007)")
            #expect(try await waiter.value == 7)
            _ = try await holder.value
            #expect(pool.openConnections == 1)
        }
    }

    @Test func closedPoolRefusesWork() async throws {
        try await withTestPool(maximumConnections: 2) { pool, _ in
            let before: Int32 = try await pool.scalar("SELECT 1")
            #expect(before == 1)
            pool.close()

            let query = try await expectPostgresError { try await pool.query("SELECT 1") }
            #expect(query.kind == .poolClosed)
            let transaction = try await expectPostgresError {
                try await pool.transaction { tx in try tx.query("SELECT 1") }
            }
            #expect(transaction.kind == .poolClosed)
            let connection = try await expectPostgresError {
                try await pool.withConnection { _ in () }
            }
            #expect(connection.kind == .poolClosed)
            pool.close()  // closing twice is harmless
        }
    }

    @Test func closingWakesWaitersWithPoolClosed() async throws {
        try await withTestPool(maximumConnections: 1, acquireTimeout: .seconds(5)) { pool, database in
            try await pool.query("SELECT 1")
            let holder = Task { try await pool.scalar("SELECT pg_sleep(2)::text || 'done'", as: String.self) }
            try await waitUntilRunning("pg_sleep(2)", database)
            let waiter = Task { try await pool.query("SELECT 1") }
            #expect(try await eventually(timeout: .seconds(10), interval: .milliseconds(5)) { pool.usage.waiting == 1 })
            pool.close()

            let error = try await expectPostgresError { _ = try await waiter.value }
            #expect(error.kind == .poolClosed)
            // The statement already running finishes normally.
            #expect(try await holder.value == "done")
        }
    }
}

/// Returns once a statement containing `text` is running on the server, so the connection that
/// sent it is known to be taken.
func waitUntilRunning(_ text: String, _ database: TestDatabase) async throws {
    let admin = PostgresPool(configuration: .init(conninfo: database.adminURL, maximumConnections: 1))
    defer { admin.close() }
    _ = try await poll(within: .seconds(10), "no statement running with \(text)") { () async throws -> Bool? in
        let running: Bool = try await admin.scalar(
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE '%' || \(text) || '%' AND pid <> pg_backend_pid())"
        )
        return running ? true : nil
    }
}
