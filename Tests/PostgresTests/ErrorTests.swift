import Postgres
import Testing

/// Server errors: their SQLSTATE, what they reveal when printed, and the connection afterwards.
@Suite struct ErrorTests {
    @Test func uniqueViolationNamesTheConstraintButNotTheValue() async throws {
        let email = "very.secret.person@example.org"
        try await withTestPool { pool, _ in
            try await pool.query(
                "CREATE TABLE people (id int8 PRIMARY KEY, email text NOT NULL, CONSTRAINT people_email_key UNIQUE (email))"
            )
            try await pool.query("INSERT INTO people (id, email) VALUES (1, \(email))")
            let error = try await expectPostgresError {
                try await pool.query("INSERT INTO people (id, email) VALUES (2, \(email))")
            }
            #expect(error.kind == .server)
            #expect(error.sqlState == .uniqueViolation)
            #expect(error.sqlState?.rawValue == "23505")
            #expect(error.constraintName == "people_email_key")
            #expect(!error.isConnectionLoss)

            let printed = String(describing: error)
            #expect(!printed.contains(email))
            #expect(!printed.contains("very.secret"))
            #expect(printed.contains("23505"))
            #expect(!String(reflecting: error).contains(email))
            #expect(!"\(error)".contains(email))
            // The server's own text is kept apart, for whoever decides it may be shown.
            #expect(!error.serverMessage.isEmpty)

            let primaryKey = try await expectPostgresError {
                try await pool.query("INSERT INTO people (id, email) VALUES (1, 'other@example.org')")
            }
            #expect(primaryKey.sqlState == .uniqueViolation)
            #expect(primaryKey.constraintName == "people_pkey")
        }
    }

    @Test func otherConstraintViolations() async throws {
        try await withTestPool { pool, _ in
            try await pool.query(
                """
                CREATE TABLE parents (id int8 PRIMARY KEY);
                """
            )
            try await pool.query(
                """
                CREATE TABLE children (
                    id int8 PRIMARY KEY,
                    parent int8 NOT NULL CONSTRAINT children_parent_fkey REFERENCES parents (id),
                    age int8 CONSTRAINT children_age_check CHECK (age >= 0)
                )
                """
            )
            try await pool.query("INSERT INTO parents (id) VALUES (1)")
            let foreignKey = try await expectPostgresError {
                try await pool.query("INSERT INTO children (id, parent) VALUES (1, \(99))")
            }
            #expect(foreignKey.sqlState == .foreignKeyViolation)
            #expect(foreignKey.constraintName == "children_parent_fkey")

            let check = try await expectPostgresError {
                try await pool.query("INSERT INTO children (id, parent, age) VALUES (1, 1, \(-3))")
            }
            #expect(check.sqlState == .checkViolation)
            #expect(check.constraintName == "children_age_check")

            let missing: Int? = nil
            let notNull = try await expectPostgresError {
                try await pool.query("INSERT INTO children (id, parent) VALUES (1, \(missing))")
            }
            #expect(notNull.sqlState == .notNullViolation)

            let badInput = try await expectPostgresError { try await pool.query("SELECT \("nope")::int8") }
            #expect(badInput.sqlState == .invalidTextRepresentation)
            let noTable = try await expectPostgresError { try await pool.query("SELECT * FROM no_such_table") }
            #expect(noTable.sqlState == .undefinedTable)
        }
    }

    @Test func syntaxErrorIsAServerErrorWithASQLState() async throws {
        try await withTestPool { pool, _ in
            let error = try await expectPostgresError { try await pool.query("SELEC 1") }
            #expect(error.kind == .server)
            #expect(error.sqlState == SQLState(rawValue: "42601"))
            #expect(error.constraintName == nil)
            #expect(String(describing: error) == "PostgresError(server error, sqlstate 42601)")
        }
    }

    @Test func connectionStaysUsableAfterServerErrors() async throws {
        try await withTestPool(maximumConnections: 1) { pool, _ in
            let pid = try await pool.backendPID()
            let failing: [PostgresQuery] = ["SELEC 1", "SELECT 1/0", "SELECT * FROM nowhere", "SELECT \("x")::int8"]
            for bad in failing {
                let error = try await expectPostgresError { try await pool.query(bad) }
                #expect(error.kind == .server)
                #expect(error.sqlState != nil)
                let one: Int32 = try await pool.scalar("SELECT 1")
                #expect(one == 1)
            }
            // Still the same session: an error does not cost a reconnect.
            #expect(try await pool.backendPID() == pid)
            let inTransaction = try await pool.withConnection { $0.isInTransaction }
            #expect(!inTransaction)
        }
    }

    @Test func errorInsideWithConnectionLeavesTheSessionClean() async throws {
        try await withTestPool(maximumConnections: 1) { pool, _ in
            let error = try await expectPostgresError {
                try await pool.withConnection { connection in
                    try connection.query("BEGIN")
                    try connection.query("SELECT 1/0")
                }
            }
            #expect(error.sqlState == SQLState(rawValue: "22012"))
            // The failed transaction was rolled back when the connection went back to the pool.
            let inTransaction = try await pool.withConnection { $0.isInTransaction }
            #expect(!inTransaction)
            let value: Int32 = try await pool.scalar("SELECT 2")
            #expect(value == 2)
        }
    }
}
