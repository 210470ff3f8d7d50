import Hummingbird
import Postgres
import VouchCore

/// `/healthz` (the process answers) and `/readyz` (the database answers and its schema is current).
struct HealthController {
    let pool: PostgresPool
    let migrator: Migrator?

    func addRoutes(to router: Router<VouchRequestContext>, registry: RouteRegistry) {
        router.on(.get, "/healthz", in: registry) { _, _ in
            try JSONCoding.response(["status": "ok"])
        }
        router.on(.get, "/readyz", in: registry, use: ready)
    }

    @Sendable func ready(_ request: Request, context: VouchRequestContext) async throws -> Response {
        do {
            try await pool.query("SELECT 1")
            if let migrator, try await !migrator.isCurrent(pool: pool) {
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
