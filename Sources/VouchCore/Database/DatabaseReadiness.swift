import Postgres

/// Whether the database can serve this build: it answers, and its schema is the one the
/// migration files describe.
public enum DatabaseReadiness: Sendable, Equatable {
    case ready
    /// The database answers, but a migration file is not applied (or was applied as other text).
    case migrationsPending
    /// The database does not answer.
    case unavailable
}

extension TenantDatabase {
    /// Asks the database one trivial question and, given `migrations`, compares them with those
    /// it has applied. For readiness probes: it touches no tenant's rows.
    public func readiness(migrations: [Migration]?) async -> DatabaseReadiness {
        do {
            try await pool.query("SELECT 1")
            if let migrations, try await !Migrator.isCurrent(pool: pool, files: migrations) { return .migrationsPending }
            return .ready
        } catch {
            return .unavailable
        }
    }
}
