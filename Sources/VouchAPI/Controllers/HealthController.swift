import Hummingbird
import Postgres
import VouchCore

/// `/healthz` (the process answers) and `/readyz` (the database answers and its schema is current).
struct HealthController {
    let pool: PostgresPool
    /// The migration files as they were at start-up: probes come often, the files change
    /// only with a deploy.
    let migrations: [Migration]?

    init(pool: PostgresPool, migrator: Migrator?) {
        self.pool = pool
        self.migrations = try? migrator?.migrations()
    }

    func addRoutes(to router: Router<VouchRequestContext>, registry: RouteRegistry) {
        router.on(.get, "/healthz", in: registry) { _, _ in
            try JSONCoding.response(["status": "ok"])
        }
        router.on(.get, "/readyz", in: registry, use: ready)
    }

    @Sendable func ready(_ request: Request, context: VouchRequestContext) async throws -> Response {
        do {
            try await pool.query("SELECT 1")
            if let migrations, try await !Migrator.isCurrent(pool: pool, files: migrations) {
                var response = try JSONCoding.response(["status": "migrations_pending"], status: .serviceUnavailable)
                response.headers[.retryAfter] = "5"
                return response
            }
            return try JSONCoding.response(["status": "ready"])
        } catch {
            var response = try JSONCoding.response(["status": "database_unavailable"], status: .serviceUnavailable)
            response.headers[.retryAfter] = "1"
            return response
        }
    }
}
