import Postgres
import Testing

/// `PostgresPool.transaction`: commit, rollback, preludes and failures inside the pipeline.
@Suite struct TransactionTests {
    struct Abort: Error {}

    static func createItems(_ pool: PostgresPool) async throws {
        try await pool.query("CREATE TABLE items (id int8 PRIMARY KEY, name text NOT NULL)")
    }

    static func count(_ pool: PostgresPool) async throws -> Int {
        try await pool.scalar("SELECT count(*)::int8 FROM items")
    }

    @Test func throwingBodyRollsBack() async throws {
        try await withTestPool { pool, _ in
            try await Self.createItems(pool)
            await #expect(throws: Abort.self) {
                try await pool.transaction { tx in
                    try tx.query("INSERT INTO items (id, name) VALUES (1, 'first')")
                    try tx.query("INSERT INTO items (id, name) VALUES (2, 'second')")
                    let inside: Int = try tx.query("SELECT count(*)::int8 FROM items")[0].decode(column: 0)
                    #expect(inside == 2)
                    throw Abort()
                }
            }
            #expect(try await Self.count(pool) == 0)
        }
    }

    @Test func throwingBeforeAnyStatementRunsNothing() async throws {
        try await withTestPool(maximumConnections: 1) { pool, _ in
            await #expect(throws: Abort.self) {
                try await pool.transaction { _ in throw Abort() }
            }
            let inTransaction = try await pool.withConnection { $0.isInTransaction }
            #expect(!inTransaction)
        }
    }

    @Test func returningBodyCommits() async throws {
        try await withTestPool { pool, database in
            try await Self.createItems(pool)
            let name = "committed"
            let id: Int = try await pool.transaction { tx in
                try tx.query("INSERT INTO items (id, name) VALUES (7, \(name))")
                return try tx.query("SELECT id FROM items WHERE name = \(name)")[0].decode(column: 0)
            }
            #expect(id == 7)
            #expect(try await Self.count(pool) == 1)
            // Visible from another session.
            let other = PostgresPool(configuration: .init(conninfo: database.adminURL, maximumConnections: 1))
            defer { other.close() }
            let stored: String = try await other.scalar("SELECT name FROM items WHERE id = 7")
            #expect(stored == name)
        }
    }

    @Test func emptyTransactionReturnsItsValue() async throws {
        try await withTestPool(maximumConnections: 1) { pool, _ in
            let value = try await pool.transaction { _ in 42 }
            #expect(value == 42)
            let inTransaction = try await pool.withConnection { $0.isInTransaction }
            #expect(!inTransaction)
        }
    }

    @Test func finishReturnsTheRowsAndCommits() async throws {
        try await withTestPool(maximumConnections: 2) { pool, _ in
            try await Self.createItems(pool)
            let rows = try await pool.transaction { tx in
                try tx.query("INSERT INTO items (id, name) VALUES (1, 'one')")
                return try tx.finish(with: "INSERT INTO items (id, name) VALUES (2, 'two'), (3, 'three') RETURNING id, name")
            }
            #expect(rows.count == 2)
            #expect(rows.affectedRows == 2)
            #expect(try rows[0].decode(Int.self, String.self) == (2, "two"))
            #expect(try rows[1].decode(Int.self, String.self) == (3, "three"))
            #expect(try await Self.count(pool) == 3)

            // finish(with:) as the only statement: BEGIN, the statement and COMMIT in one go.
            let only = try await pool.transaction { tx in
                try tx.finish(with: "INSERT INTO items (id, name) VALUES (4, 'four') RETURNING name")
            }
            #expect(try only[0].decode(column: 0, as: String.self) == "four")
            #expect(try await Self.count(pool) == 4)
            let inTransaction = try await pool.withConnection { $0.isInTransaction }
            #expect(!inTransaction)
        }
    }

    @Test func preludeAppliesToTheFirstStatementAndIsTransactionLocal() async throws {
        try await withTestPool(maximumConnections: 1) { pool, _ in
            let tenant = "tenant-'; DROP TABLE x; --"
            let (firstPID, first, second) = try await pool.transaction(
                prelude: ["SELECT set_config('app.x', \(tenant), true)"]
            ) { tx in
                let pid: Int32 = try tx.query("SELECT pg_backend_pid()")[0].decode(column: 0)
                let first: String = try tx.query("SELECT current_setting('app.x')")[0].decode(column: 0)
                let second: String = try tx.query("SELECT current_setting('app.x')")[0].decode(column: 0)
                return (pid, first, second)
            }
            #expect(first == tenant)
            #expect(second == tenant)

            // Same connection (a pool of one), next transaction: the setting is gone.
            let (nextPID, after) = try await pool.transaction { tx in
                let pid: Int32 = try tx.query("SELECT pg_backend_pid()")[0].decode(column: 0)
                let value: String? = try tx.query("SELECT current_setting('app.x', true)")[0].decode(column: 0)
                return (pid, value)
            }
            #expect(nextPID == firstPID)
            #expect((after ?? "") == "")
            let outside: String? = try await pool.scalar("SELECT current_setting('app.x', true)")
            #expect((outside ?? "") == "")
        }
    }

    @Test func preludeIsRolledBackWithTheTransaction() async throws {
        try await withTestPool(maximumConnections: 1) { pool, _ in
            await #expect(throws: Abort.self) {
                try await pool.transaction(prelude: ["SELECT set_config('app.x', 'v', true)"]) { tx in
                    let value: String = try tx.query("SELECT current_setting('app.x')")[0].decode(column: 0)
                    #expect(value == "v")
                    throw Abort()
                }
            }
            let after: String? = try await pool.scalar("SELECT current_setting('app.x', true)")
            #expect((after ?? "") == "")
        }
    }

    @Test func failingFirstStatementInThePipelineThrowsAndLeavesNoTransactionOpen() async throws {
        try await withTestPool(maximumConnections: 1) { pool, _ in
            try await Self.createItems(pool)
            let error = try await expectPostgresError {
                try await pool.transaction(prelude: ["SELECT set_config('app.x', 'v', true)"]) { tx in
                    try tx.query("SELECT 1/0")
                }
            }
            #expect(error.kind == .server)
            #expect(error.sqlState == SQLState(rawValue: "22012"))

            let one: Int32 = try await pool.scalar("SELECT 1")
            #expect(one == 1)
            let inTransaction = try await pool.withConnection { $0.isInTransaction }
            #expect(!inTransaction)
            // A new transaction starts cleanly on the same connection.
            try await pool.transaction { tx in try tx.query("INSERT INTO items (id, name) VALUES (1, 'after')") }
            #expect(try await Self.count(pool) == 1)
        }
    }

    @Test func failingLaterStatementRollsBackEarlierOnes() async throws {
        try await withTestPool(maximumConnections: 1) { pool, _ in
            try await Self.createItems(pool)
            try await pool.query("INSERT INTO items (id, name) VALUES (1, 'existing')")
            let error = try await expectPostgresError {
                try await pool.transaction { tx in
                    try tx.query("INSERT INTO items (id, name) VALUES (2, 'new')")
                    try tx.query("INSERT INTO items (id, name) VALUES (1, 'duplicate')")
                }
            }
            #expect(error.sqlState == .uniqueViolation)
            #expect(try await Self.count(pool) == 1)
            let inTransaction = try await pool.withConnection { $0.isInTransaction }
            #expect(!inTransaction)
        }
    }

    @Test func failingFinishRollsBackAndLeavesNoTransactionOpen() async throws {
        try await withTestPool(maximumConnections: 1) { pool, _ in
            try await Self.createItems(pool)
            let error = try await expectPostgresError {
                try await pool.transaction { tx in
                    try tx.query("INSERT INTO items (id, name) VALUES (1, 'one')")
                    return try tx.finish(with: "INSERT INTO items (id, name) VALUES (1, 'again')")
                }
            }
            #expect(error.sqlState == .uniqueViolation)
            let one: Int32 = try await pool.scalar("SELECT 1")
            #expect(one == 1)
            #expect(try await Self.count(pool) == 0)
            let inTransaction = try await pool.withConnection { $0.isInTransaction }
            #expect(!inTransaction)

            let onlyStatement = try await expectPostgresError {
                try await pool.transaction { tx in try tx.finish(with: "SELECT 1/0") }
            }
            #expect(onlyStatement.sqlState == SQLState(rawValue: "22012"))
            let stillClean = try await pool.withConnection { $0.isInTransaction }
            #expect(!stillClean)
        }
    }

    @Test func catchingAStatementErrorInsideTheBodyStillRollsBack() async throws {
        try await withTestPool(maximumConnections: 1) { pool, _ in
            try await Self.createItems(pool)
            let error = try await expectPostgresError {
                try await pool.transaction { tx in
                    try tx.query("INSERT INTO items (id, name) VALUES (1, 'one')")
                    _ = try? tx.query("SELECT 1/0")
                    // The transaction is aborted: committing it must not report success.
                }
            }
            #expect(error.kind == .server)
            #expect(error.sqlState == SQLState(rawValue: "25P02"))
            #expect(try await Self.count(pool) == 0)
            let inTransaction = try await pool.withConnection { $0.isInTransaction }
            #expect(!inTransaction)
        }
    }
}
