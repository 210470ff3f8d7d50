import Postgres

/// The one door to the database that is not limited to a tenant.
///
/// Request code works through `TenantDatabase`, whose every transaction names its tenant so that
/// row-level security holds it to that tenant's rows. A little work has to see every tenant at
/// once: claiming due jobs and webhook deliveries, handing claims back and recovering expired
/// leases, finding the tenants a retention sweep must visit, sweeping expired idempotency
/// records, finding the tenant of an old regulator reference, and sampling the queues for
/// `/metrics`. That work goes through this handle, and through nothing else, so the places that
/// cross tenants are the places that hold one.
///
/// It is made once, in the app's assembly, and handed only to the workers, the sweepers, the
/// metrics sampler and the callback lookup; no controller takes one. What it runs are the
/// `SECURITY DEFINER` functions the migrations grant for this work (counts, ids and claims,
/// never a tenant's data); anything that reads or writes a tenant's rows still goes through
/// `scoped`.
public struct UnscopedDatabase: Sendable {
    let pool: PostgresPool

    /// - Parameter pool: the connections to cross tenants on (the background pool in the server).
    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Crosses tenants on `database`'s connections (the background database in the server).
    public init(sharing database: TenantDatabase) {
        self.pool = database.pool
    }

    /// The same connections, limited to one tenant per transaction.
    public var scoped: TenantDatabase { TenantDatabase(pool: pool) }

    /// Runs one statement that is not limited to a tenant.
    func query(_ query: PostgresQuery) async throws -> PostgresRows {
        try await pool.query(query)
    }
}
