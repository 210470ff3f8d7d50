import Postgres
import TestSupport
import Testing

/// `pool.pipelined`: groups from concurrent callers share round trips on one thread, yet each
/// stays a transaction of its own.
@Suite struct PipelinedReadTests {
    @Test func concurrentGroupsEachSeeTheirOwnSetting() async throws {
        try await withTestPool { pool, _ in
            let values = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for index in 0..<300 {
                    group.addTask {
                        let rows = try await pool.pipelined([
                            "SELECT set_config('app.who', \(String(index)), true)",
                            "SELECT current_setting('app.who')",
                        ])
                        return (index, try rows[1][0].decode(column: 0, as: String.self))
                    }
                }
                return try await group.reduce(into: [Int: String]()) { $0[$1.0] = $1.1 }
            }
            #expect(values.count == 300)
            #expect(values.allSatisfy { String($0.key) == $0.value }, "each group read its own transaction-local setting")
            // Transaction-local: nothing leaks into the next group on the same connection.
            let after = try await pool.pipelined(["SELECT current_setting('app.who', true)"])
            #expect(try after[0][0].decode(column: 0, as: String?.self).map { $0.isEmpty } ?? true)
        }
    }

    @Test func aFailingGroupLeavesTheOthersAlone() async throws {
        try await withTestPool { pool, _ in
            try await pool.query("CREATE TABLE t (id integer PRIMARY KEY)")
            let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
                for index in 0..<50 {
                    group.addTask {
                        do {
                            // Every fifth group fails halfway: its insert must not survive.
                            let second: PostgresQuery = index % 5 == 0 ? "SELECT 1/0" : "SELECT 1"
                            _ = try await pool.pipelined(["INSERT INTO t VALUES (\(index))", second])
                            return (index, true)
                        } catch let error as PostgresError {
                            #expect(error.sqlState == SQLState(rawValue: "22012"))
                            return (index, false)
                        }
                    }
                }
                return try await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
            }
            #expect(outcomes.filter { !$0.value }.keys.sorted() == Array(stride(from: 0, to: 50, by: 5)))
            let stored: Int = try await pool.scalar("SELECT count(*) FROM t")
            #expect(stored == 40, "the failed groups rolled back their inserts")
        }
    }

    @Test func aTerminatedConnectionFailsItsWorkAndIsReplaced() async throws {
        try await withTestPool { pool, database in
            let pid: Int32 = try await pool.pipelined(["SELECT pg_backend_pid()"])[0][0].decode(column: 0)
            let admin = PostgresPool(configuration: .init(conninfo: database.adminURL, maximumConnections: 1))
            defer { admin.close() }
            try await admin.query("SELECT pg_terminate_backend(\(pid))")
            try await waitUntilGone(pid, admin)
            // The broken connection may fail the first call; the one after it must succeed.
            _ = try? await pool.pipelined(["SELECT 1"])
            let next: Int32 = try await pool.pipelined(["SELECT pg_backend_pid()"])[0][0].decode(column: 0)
            #expect(next != pid)
        }
    }

    @Test func closingFailsNewWork() async throws {
        try await withTestPool { pool, _ in
            _ = try await pool.pipelined(["SELECT 1"])
            pool.close()
            await #expect(throws: PostgresError.self) { try await pool.pipelined(["SELECT 1"]) }
        }
    }
}
