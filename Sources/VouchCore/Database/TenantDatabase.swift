import Base
import Foundation
import Postgres

/// The application's connection pool, with tenant-scoped transactions.
///
/// Every tenant transaction starts with `set_config('app.tenant_id', …, true)`, so row-level
/// security limits it to that tenant whatever its statements say, and, within a request, with the
/// actor that audit rows name. The setting is pipelined with the first statement: it costs no
/// round trip of its own. Work that must cross tenants has its own, named handle:
/// `UnscopedDatabase`.
public struct TenantDatabase: Sendable {
    /// Not public: a raw connection would not be limited to a tenant (see `UnscopedDatabase`).
    let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// The pool's connections: open, busy, and requests waiting for one (for `/metrics`).
    public var connectionUsage: (open: Int, busy: Int, waiting: Int) { pool.usage }

    /// Runs `body` in a transaction limited to `tenant`'s rows.
    @discardableResult
    public func transaction<T: Sendable>(
        _ tenant: TenantID,
        _ body: @escaping @Sendable (PostgresTransaction) throws -> T
    ) async throws -> T {
        let prelude = Self.setting(tenant, actor: AuditActor.current)
        return try await Self.reportingUnavailable { try await pool.transaction(prelude: [prelude], body) }
    }

    /// Runs one statement for `tenant` as its own implicit transaction, sharing a round trip
    /// with other requests' statements when the pool is busy.
    public func read(_ tenant: TenantID, _ query: PostgresQuery) async throws -> PostgresRows {
        try await Self.reportingUnavailable { try await pool.pipelined([Self.setting(tenant, actor: nil), query])[1] }
    }

    /// Makes the transaction's writes of one kind for `tenant` take turns (rule set versions,
    /// endpoint counts under a limit), until it ends. An advisory lock, not a lock on the
    /// tenant's row: the server's role may not update that row, so it may not lock it.
    public static func takeTurns(_ tx: PostgresTransaction, tenant: TenantID, on purpose: String) throws {
        try tx.query("SELECT pg_advisory_xact_lock(hashtext(\(purpose)), hashtext(\(tenant.uuid)::text))")
    }

    /// Turns "the database is not there" into the domain's error, so callers answer 503.
    private static func reportingUnavailable<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PostgresError where error.kind == .commitOutcomeUnknown {
            throw VouchError.databaseOutcomeUnknown
        } catch let error as PostgresError where error.isUnavailable {
            throw VouchError.databaseUnavailable
        }
    }

    /// The prelude statement that names the tenant and, within a request, the actor that audit
    /// rows name (see `AuditRepository.record`).
    static func setting(_ tenant: TenantID, actor: AuditActor?) -> PostgresQuery {
        let tenantText = UUIDText.format(tenant.uuid, dashes: true)
        guard let actor else { return "SELECT set_config('app.tenant_id', \(tenantText), true)" }
        return """
            SELECT set_config('app.tenant_id', \(tenantText), true), set_config('app.actor_type', \(actor.kind.rawValue), true),
                set_config('app.actor_id', \(actor.id), true), set_config('app.request_id', \(actor.requestID), true)
            """
    }
}
