import Foundation
import Postgres

/// The Postgres job queue: enqueued inside the transaction that makes the work necessary,
/// claimed across tenants with `FOR UPDATE SKIP LOCKED`, finished inside the transaction that
/// writes its result.
///
/// Claiming, recovering expired leases and counting cross tenants, so the queue holds the
/// `UnscopedDatabase`: it is the workers' and the operators', never a request's.
public struct JobRepository: Sendable {
    /// The channel that wakes idle workers; notifications are sent at commit.
    public static let channel = "vouch_jobs"

    let unscoped: UnscopedDatabase
    let clock: LeaseClock

    /// - Parameter clock: what leases are measured against; the database's clock unless a test
    ///   moves time itself.
    public init(database: UnscopedDatabase, clock: LeaseClock = .database) {
        self.unscoped = database
        self.clock = clock
    }

    var database: TenantDatabase { unscoped.scoped }

    /// Queues a job in the caller's tenant transaction (a no-op if the same job already waits).
    public static func enqueue(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        task: JobTask,
        priority: Int = 0,
        runAt: Date? = nil,
        now: Date = Date()
    ) throws {
        try tx.query(
            """
            INSERT INTO jobs (tenant_id, id, kind, subject_id, priority, run_at, created_at, updated_at)
            VALUES (\(tenant.uuid), \(UUID.version7(now: now)), \(task.kind.rawValue), \(task.subject), \(priority),
                \(runAt ?? now), \(now), \(now))
            ON CONFLICT (tenant_id, kind, subject_id) WHERE state = 'queued' DO NOTHING
            """
        )
        try tx.query("SELECT pg_notify(\(channel), '')")
    }

    /// Queues one job of `kind` for each subject, in one statement (a monitoring run's
    /// candidates); those already waiting are left as they are.
    static func enqueue(_ tx: PostgresTransaction, tenant: TenantID, kind: JobKind, subjects: [UUID], priority: Int, now: Date) throws {
        guard !subjects.isEmpty else { return }
        let ids = subjects.map { _ in UUID.version7(now: now) }
        try tx.query(
            """
            INSERT INTO jobs (tenant_id, id, kind, subject_id, priority, run_at, created_at, updated_at)
            SELECT \(tenant.uuid), s.id, \(kind.rawValue), s.subject, \(priority), \(now), \(now), \(now)
            FROM unnest(\(PostgresTextArray(uuids: ids))::uuid[], \(PostgresTextArray(uuids: subjects))::uuid[])
                AS s(id, subject)
            ON CONFLICT (tenant_id, kind, subject_id) WHERE state = 'queued' DO NOTHING
            """
        )
        try tx.query("SELECT pg_notify(\(channel), '')")
    }

    /// Claims up to `limit` ready jobs across tenants, most urgent first.
    public func claim(worker: String, limit: Int, lease: Duration) async throws -> [ClaimedJob] {
        let seconds = Double(lease.components.seconds) + Double(lease.components.attoseconds) / 1e18
        let rows = try await unscoped.query(
            """
            SELECT tenant_id, id, kind, subject_id, attempts, max_attempts
            FROM claim_jobs(\(worker), \(limit)::integer, make_interval(secs => \(seconds)), \(clock.now)::timestamptz)
            """
        )
        return try rows.compactMap { row in
            let (tenant, id, kind, subject, attempt, maxAttempts) = try row.decode(
                UUID.self,
                UUID.self,
                String.self,
                UUID.self,
                Int.self,
                Int.self
            )
            guard let task = JobTask(kind: kind, subject: subject) else { return nil }
            return ClaimedJob(
                tenant: TenantID(uuid: tenant),
                id: id,
                task: task,
                attempt: attempt,
                maxAttempts: maxAttempts,
                worker: worker
            )
        }
    }

    /// Returns jobs whose worker vanished to the queue (or to `dead` after their last try).
    @discardableResult
    public func recoverExpired() async throws -> Int {
        let rows = try await unscoped.query("SELECT recover_expired_jobs(\(clock.now)::timestamptz)")
        return try rows.first?.decode(column: 0, as: Int.self) ?? 0
    }

    /// Removes a finished job in the transaction that wrote its result. Throws `JobLeaseLost`
    /// (rolling that transaction back) when the lease expired and another worker took the job.
    public static func complete(_ tx: PostgresTransaction, _ job: ClaimedJob) throws {
        let rows = try tx.query(
            """
            DELETE FROM jobs WHERE tenant_id = \(job.tenant.uuid) AND id = \(job.id)
                AND state = 'running' AND worker = \(job.worker) AND attempts = \(job.attempt)
            RETURNING 1
            """
        )
        guard !rows.isEmpty else { throw JobLeaseLost() }
    }

    /// Removes a finished job that had nothing to write.
    public func finish(_ job: ClaimedJob) async throws {
        try await database.transaction(job.tenant) { tx in try Self.complete(tx, job) }
    }

    /// Gives a failed try back to the queue with exponential backoff and jitter, or marks it
    /// dead after its last try. Returns the state it is left in.
    @discardableResult
    public func fail(_ job: ClaimedJob, error: String, now: Date = Date()) async throws -> JobState {
        let state: JobState = job.attempt >= job.maxAttempts ? .dead : .queued
        let runAt = now.addingTimeInterval(JobBackoff.delay(attempt: job.attempt))
        let message = String(error.prefix(500))
        return try await database.transaction(job.tenant) { tx in
            try tx.query(
                """
                UPDATE jobs SET state = \(state.rawValue), run_at = \(runAt), lease_until = NULL,
                    worker = NULL, last_error = \(message), updated_at = \(now)
                WHERE tenant_id = \(job.tenant.uuid) AND id = \(job.id) AND state = 'running'
                    AND worker = \(job.worker) AND attempts = \(job.attempt)
                """
            )
            if state == .queued { try tx.query("SELECT pg_notify(\(Self.channel), '')") }
            return state
        }
    }

    /// Jobs by state across tenants: counts only.
    public func counts() async throws -> [JobState: Int] {
        let rows = try await unscoped.query("SELECT state, jobs FROM job_counts()")
        var counts: [JobState: Int] = [:]
        for row in rows {
            let (state, jobs) = try row.decode(String.self, Int.self)
            if let state = JobState(rawValue: state) { counts[state] = jobs }
        }
        return counts
    }
}
