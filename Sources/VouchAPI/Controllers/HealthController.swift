import Hummingbird
import Synchronization
import VouchCore

/// `/healthz` (the process answers) and `/readyz` (the database answers and its schema is current).
///
/// `/readyz` is public and unauthenticated, so its answer is kept for a second: however often it
/// is asked, it costs the database at most one check a second per instance.
final class HealthController: Sendable {
    enum Readiness: String {
        case ready
        case migrationsPending = "migrations_pending"
        case databaseUnavailable = "database_unavailable"
    }

    /// The last answer and when it was found; `checking` while one caller finds the next.
    struct Remembered {
        var readiness: Readiness?
        var at: ContinuousClock.Instant?
        var checking = false
    }

    let database: TenantDatabase
    /// The migration files as they were at start-up: probes come often, the files change
    /// only with a deploy.
    let migrations: [Migration]?
    let remembered = Mutex(Remembered())
    let freshFor: Duration

    init(database: TenantDatabase, migrator: Migrator?, freshFor: Duration = .seconds(1)) {
        self.database = database
        self.migrations = try? migrator?.migrations()
        self.freshFor = freshFor
    }

    func addRoutes(to router: Router<VouchRequestContext>, registry: RouteRegistry) {
        router.on(.get, "/healthz", in: registry) { _, _ in
            try JSONCoding.response(HealthBody(status: "ok"))
        }
        router.on(.get, "/readyz", in: registry, use: ready)
    }

    @Sendable func ready(_ request: Request, context: VouchRequestContext) async throws -> Response {
        let readiness = await currentReadiness()
        var response = try JSONCoding.response(
            HealthBody(status: readiness.rawValue),
            status: readiness == .ready ? .ok : .serviceUnavailable
        )
        switch readiness {
        case .ready: break
        case .migrationsPending: response.headers[.retryAfter] = "5"
        case .databaseUnavailable: response.headers[.retryAfter] = "1"
        }
        return response
    }

    /// The remembered answer while it is fresh (or while another caller is finding a new one);
    /// otherwise a new check.
    func currentReadiness() async -> Readiness {
        let now = ContinuousClock.now
        let cached = remembered.withLock { state -> Readiness? in
            if let readiness = state.readiness, let at = state.at, now - at < freshFor || state.checking {
                return readiness
            }
            state.checking = true
            return nil
        }
        if let cached { return cached }
        let readiness = await check()
        remembered.withLock { $0 = Remembered(readiness: readiness, at: ContinuousClock.now, checking: false) }
        return readiness
    }

    func check() async -> Readiness {
        switch await database.readiness(migrations: migrations) {
        case .ready: .ready
        case .migrationsPending: .migrationsPending
        case .unavailable: .databaseUnavailable
        }
    }
}
