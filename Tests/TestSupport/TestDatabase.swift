import Foundation
import Logging
import Postgres
import Synchronization
import VouchCore

/// Databases for tests on the throwaway cluster that `scripts/test` starts.
///
/// The migrations run once per test process into a template database; each test then gets a
/// copy of it (`CREATE DATABASE … TEMPLATE`), which takes milliseconds.
public struct TestDatabase: Sendable {
    public let name: String
    /// The owner's connection string (a superuser of the test cluster).
    public let adminURL: String
    /// The application role's connection string: what the server uses.
    public let appURL: String

    /// The test cluster's maintenance database, from `VOUCH_TEST_DATABASE_URL`.
    public static func clusterURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["VOUCH_TEST_DATABASE_URL"] else {
            throw TestSetupError("VOUCH_TEST_DATABASE_URL is not set: run the tests with scripts/test")
        }
        // Tests create and drop databases: only ever on a local cluster.
        guard url.contains("@127.0.0.1:") || url.contains("@localhost:") else {
            throw TestSetupError("VOUCH_TEST_DATABASE_URL must point at a local cluster")
        }
        return url
    }

    static func url(_ clusterURL: String, database: String, user: String? = nil) -> String {
        var components = URLComponents(string: clusterURL)!
        components.path = "/" + database
        if let user { components.user = user }
        return components.string!
    }

    public static var migrationsDirectory: URL {
        if let configured = ProcessInfo.processInfo.environment["VOUCH_MIGRATIONS_DIR"] {
            return URL(fileURLWithPath: configured)
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("migrations")
    }

    private static let counter = Mutex(0)
    private static let template = Mutex<Task<String, any Error>?>(nil)

    /// A new, empty database.
    public static func empty() async throws -> TestDatabase {
        try await create(template: "template0")
    }

    /// A new database with every migration applied.
    public static func migrated() async throws -> TestDatabase {
        let task = template.withLock { task in
            if let task { return task }
            let created = Task { try await prepareTemplate() }
            task = created
            return created
        }
        return try await create(template: try await task.value)
    }

    /// Drops the database, closing whatever is still connected to it.
    public func drop() async throws {
        try await Self.admin { try $0.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")) }
    }

    /// Runs `body` on a one-off connection to the cluster's maintenance database.
    @discardableResult
    static func admin<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        let pool = PostgresPool(configuration: .init(conninfo: try clusterURL(), maximumConnections: 1))
        defer { pool.close() }
        return try await pool.withConnection(body)
    }

    private static func create(template: String) async throws -> TestDatabase {
        let number = counter.withLock { value -> Int in
            value += 1
            return value
        }
        let name = "vouch_test_\(getpid())_\(number)"
        // The template may still be closing its last connection for a moment.
        for attempt in 0..<50 {
            do {
                try await admin {
                    try $0.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name) TEMPLATE \(template)"))
                }
                break
            } catch let error as PostgresError where error.sqlState?.rawValue == "55006" && attempt < 49 {
                try await letTimePass(.milliseconds(20), "between bounded attempts while the template closes")
            }
        }
        let cluster = try clusterURL()
        return TestDatabase(
            name: name,
            adminURL: url(cluster, database: name),
            appURL: url(cluster, database: name, user: "vouch_app")
        )
    }

    private static func prepareTemplate() async throws -> String {
        let name = "vouch_template_\(getpid())"
        try await admin { connection in
            try connection.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"))
            try connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        }
        let pool = PostgresPool(configuration: .init(conninfo: url(try clusterURL(), database: name), maximumConnections: 1))
        defer { pool.close() }
        try await Migrator(directory: migrationsDirectory).migrate(pool: pool, logger: Logger(label: "test"))
        return name
    }
}

public struct TestSetupError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
