import Foundation
import Postgres

/// The monitoring runs of a tenant: queued by list changes (`ListRepository.finish`) and by the
/// full re-screen schedule (`MonitoringScheduler`), worked by `monitor_applicants` jobs, and
/// listed over the API.
public struct MonitoringRepository: Sendable {
    let database: TenantDatabase

    public init(database: TenantDatabase) {
        self.database = database
    }

    static let columns =
        "id, kind, dataset, version, state, entities, applicants, candidates, created_at, started_at, finished_at"

    /// A page of runs, newest first.
    public func list(tenant: TenantID, limit: Int, startingAfter: MonitoringRunID?) async throws -> (
        runs: [MonitoringRun], hasMore: Bool
    ) {
        var after: MonitoringRun?
        if let startingAfter {
            do {
                after = try await get(tenant: tenant, id: startingAfter)
            } catch VouchError.notFound {
                throw VouchError.invalidField(name: "starting_after", reason: "is not one of this tenant's monitoring runs")
            }
        }
        let rows = try await database.read(
            tenant,
            """
            SELECT \(unsafeSQL: Self.columns) FROM monitoring_runs
            WHERE tenant_id = \(tenant.uuid)
                AND (\(after?.createdAt)::timestamptz IS NULL OR (created_at, id) < (\(after?.createdAt), \(after?.id.uuid)))
            ORDER BY created_at DESC, id DESC LIMIT \(limit + 1)
            """
        )
        let runs = try rows.map(Self.decode)
        return (Array(runs.prefix(limit)), runs.count > limit)
    }

    public func get(tenant: TenantID, id: MonitoringRunID) async throws -> MonitoringRun {
        let rows = try await database.read(
            tenant,
            "SELECT \(unsafeSQL: Self.columns) FROM monitoring_runs WHERE tenant_id = \(tenant.uuid) AND id = \(id.uuid)"
        )
        guard let row = rows.first else { throw VouchError.notFound("monitoring run") }
        return try Self.decode(row)
    }

    /// Queues a full run of the tenant's applicants, unless one is queued or running already.
    @discardableResult
    static func queueFull(_ tx: PostgresTransaction, tenant: TenantID, id: MonitoringRunID, now: Date) throws -> Bool {
        let pending = try tx.query(
            """
            SELECT 1 FROM monitoring_runs
            WHERE tenant_id = \(tenant.uuid) AND kind = 'full' AND state <> 'done' AND id <> \(id.uuid)
            """
        )
        guard pending.isEmpty else { return false }
        try insertFull(tx, tenant: tenant, id: id, now: now)
        try JobRepository.enqueue(tx, tenant: tenant, task: .monitorApplicants(id), priority: 10, now: now)
        return true
    }

    static func insertFull(_ tx: PostgresTransaction, tenant: TenantID, id: MonitoringRunID, now: Date) throws {
        try tx.query(
            """
            INSERT INTO monitoring_runs (tenant_id, id, kind, created_at) VALUES (\(tenant.uuid), \(id.uuid), 'full', \(now))
            ON CONFLICT DO NOTHING
            """
        )
    }

    /// Marks a run as running and zeroes its counts (a retried job counts again); nil when
    /// there is no such run.
    static func start(_ tx: PostgresTransaction, tenant: TenantID, id: MonitoringRunID, now: Date) throws -> MonitoringRun? {
        let rows = try tx.query(
            """
            UPDATE monitoring_runs SET state = 'running', started_at = \(now), applicants = 0, candidates = 0
            WHERE tenant_id = \(tenant.uuid) AND id = \(id.uuid)
            RETURNING \(unsafeSQL: Self.columns)
            """
        )
        return try rows.first.map(Self.decode)
    }

    /// Adds a page's counts.
    static func progress(_ tx: PostgresTransaction, tenant: TenantID, id: MonitoringRunID, applicants: Int, candidates: Int) throws {
        try tx.query(
            """
            UPDATE monitoring_runs SET applicants = applicants + \(applicants), candidates = candidates + \(candidates)
            WHERE tenant_id = \(tenant.uuid) AND id = \(id.uuid)
            """
        )
    }

    static func finish(_ tx: PostgresTransaction, tenant: TenantID, id: MonitoringRunID, entities: Int, now: Date) throws {
        try tx.query(
            """
            UPDATE monitoring_runs SET state = 'done', entities = \(entities), finished_at = \(now)
            WHERE tenant_id = \(tenant.uuid) AND id = \(id.uuid)
            """
        )
    }

    static func decode(_ row: PostgresRow) throws -> MonitoringRun {
        let (id, kind, dataset, version, state) = try row.decode(UUID.self, String.self, String?.self, String?.self, String.self)
        return MonitoringRun(
            id: MonitoringRunID(uuid: id),
            kind: MonitoringRun.Kind(rawValue: kind) ?? .full,
            dataset: dataset,
            version: version,
            state: MonitoringRun.State(rawValue: state) ?? .queued,
            entities: try row.decode(column: 5),
            applicants: try row.decode(column: 6),
            candidates: try row.decode(column: 7),
            createdAt: try row.decode(column: 8),
            startedAt: try row.decode(column: 9),
            finishedAt: try row.decode(column: 10)
        )
    }
}
