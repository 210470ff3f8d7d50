import Postgres
import TestSupport

/// A failure raised by the tests themselves (a missing row, an unexpected success).
struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs `body` with a pool on a fresh, empty database, then closes the pool and drops the database.
func withTestPool<T>(
    maximumConnections: Int = 4,
    acquireTimeout: Duration = .seconds(10),
    _ body: (PostgresPool, TestDatabase) async throws -> T
) async throws -> T {
    let database = try await TestDatabase.empty()
    let pool = PostgresPool(
        configuration: .init(
            conninfo: database.adminURL,
            maximumConnections: maximumConnections,
            acquireTimeout: acquireTimeout
        )
    )
    do {
        let result = try await body(pool, database)
        pool.close()
        try await database.drop()
        return result
    } catch {
        pool.close()
        try? await database.drop()
        throw error
    }
}

extension PostgresPool {
    /// The first column of the first row.
    func scalar<T: PostgresDecodable>(_ query: PostgresQuery, as type: T.Type = T.self) async throws -> T {
        let rows = try await self.query(query)
        guard let row = rows.first else { throw TestFailure("no row for \(query)") }
        return try row.decode(column: 0, as: type)
    }

    /// The server process behind the connection that runs the statement.
    func backendPID() async throws -> Int32 {
        try await scalar("SELECT pg_backend_pid()")
    }
}

/// Runs `body`, expecting it to throw a `PostgresError`, and returns that error.
func expectPostgresError<T>(
    _ body: () async throws -> T
) async throws -> PostgresError {
    do {
        _ = try await body()
    } catch let error as PostgresError {
        return error
    }
    throw TestFailure("expected a PostgresError, but the call succeeded")
}
