import Postgres
import Testing

/// `PostgresConnection.pipeline` and the pipelined `PostgresTransaction.finish(with:)`.
@Suite struct PipelineTests {
    @Test func pipelineReturnsResultsInOrder() async throws {
        try await withTestPool(maximumConnections: 1) { pool, _ in
            let word = "two"
            let results = try await pool.withConnection { connection in
                let results = try connection.pipeline([
                    "SELECT 1::int8",
                    "SELECT \(word)",
                    "SELECT \(40) + 2",
                    "SELECT generate_series(1, 3)::int8",
                    "SELECT 'last'",
                ])
                return try (
                    results.count,
                    results[0][0].decode(column: 0, as: Int.self),
                    results[1][0].decode(column: 0, as: String.self),
                    results[2][0].decode(column: 0, as: Int.self),
                    results[3].map { try $0.decode(column: 0, as: Int.self) },
                    results[4][0].decode(column: 0, as: String.self)
                )
            }
            #expect(results.0 == 5)
            #expect(results.1 == 1)
            #expect(results.2 == "two")
            #expect(results.3 == 42)
            #expect(results.4 == [1, 2, 3])
            #expect(results.5 == "last")
        }
    }

    @Test func pipelineOfWritesAppliesThemInOrder() async throws {
        try await withTestPool(maximumConnections: 1) { pool, _ in
            let counts = try await pool.withConnection { connection in
                let results = try connection.pipeline([
                    "CREATE TABLE log (n int8 NOT NULL)",
                    "INSERT INTO log VALUES (\(1)), (\(2))",
                    "UPDATE log SET n = n * 10",
                    "DELETE FROM log WHERE n = \(10)",
                    "SELECT n FROM log",
                ])
                return try results.map(\.affectedRows) + [results[4][0].decode(column: 0, as: Int.self)]
            }
            #expect(counts == [0, 2, 2, 1, 1, 20])
        }
    }

    @Test func failingStatementInAPipelineThrowsAndTheConnectionIsUsableAfterwards() async throws {
        try await withTestPool(maximumConnections: 1) { pool, _ in
            let (error, afterwards, inTransaction) = try await pool.withConnection {
                connection -> (PostgresError?, Int32, Bool) in
                var caught: PostgresError?
                do {
                    _ = try connection.pipeline(["SELECT 1", "SELECT 1/0", "SELECT 3"])
                } catch let error as PostgresError {
                    caught = error
                }
                let one: Int32 = try connection.query("SELECT 1")[0].decode(column: 0)
                return (caught, one, connection.isInTransaction)
            }
            let thrown = try #require(error)
            #expect(thrown.kind == .server)
            #expect(thrown.sqlState == SQLState(rawValue: "22012"))
            #expect(afterwards == 1)
            #expect(!inTransaction)

            // Outside the closure too: the pooled connection was not left in pipeline mode.
            let two: Int32 = try await pool.scalar("SELECT 2")
            #expect(two == 2)
        }
    }

    @Test func failingPipelineWithAnExplicitTransactionIsRolledBack() async throws {
        try await withTestPool(maximumConnections: 1) { pool, _ in
            try await pool.query("CREATE TABLE items (id int8 PRIMARY KEY)")
            let error = try await expectPostgresError {
                try await pool.withConnection { connection in
                    _ = try connection.pipeline([
                        "BEGIN", "INSERT INTO items VALUES (1)", "INSERT INTO items VALUES (1)", "COMMIT",
                    ])
                }
            }
            #expect(error.sqlState == .uniqueViolation)
            let count: Int = try await pool.scalar("SELECT count(*)::int8 FROM items")
            #expect(count == 0)
            let inTransaction = try await pool.withConnection { $0.isInTransaction }
            #expect(!inTransaction)
        }
    }

    @Test func finishReadsTheSettingThePreludeMade() async throws {
        try await withTestPool(maximumConnections: 1) { pool, _ in
            let tenant = "acme-42"
            let rows = try await pool.transaction(prelude: ["SELECT set_config('app.tenant', \(tenant), true)"]) { tx in
                try tx.finish(with: "SELECT current_setting('app.tenant')")
            }
            #expect(rows.count == 1)
            #expect(try rows[0].decode(column: 0, as: String.self) == tenant)

            let after: String? = try await pool.scalar("SELECT current_setting('app.tenant', true)")
            #expect((after ?? "") == "")
            let inTransaction = try await pool.withConnection { $0.isInTransaction }
            #expect(!inTransaction)
        }
    }

    @Test func finishWritesWithThePreludeAndCommits() async throws {
        try await withTestPool(maximumConnections: 1) { pool, _ in
            try await pool.query(
                """
                CREATE TABLE notes (
                    id int8 PRIMARY KEY,
                    tenant text NOT NULL DEFAULT current_setting('app.tenant'),
                    body text NOT NULL
                )
                """
            )
            for (id, tenant) in [(1, "north"), (2, "south")] {
                let rows = try await pool.transaction(
                    prelude: ["SELECT set_config('app.tenant', \(tenant), true)"]
                ) { tx in
                    try tx.finish(with: "INSERT INTO notes (id, body) VALUES (\(id), 'hello') RETURNING tenant")
                }
                #expect(try rows[0].decode(column: 0, as: String.self) == tenant)
            }
            let stored = try await pool.query("SELECT id, tenant FROM notes ORDER BY id")
            #expect(try stored.map { try $0.decode(Int.self, String.self).1 } == ["north", "south"])
        }
    }
}
