import Foundation
import Postgres

/// What a job does.
public enum JobKind: String, Sendable, CaseIterable {
    /// Run the document checks on one document version.
    case checkDocument = "check_document"
    /// Run the applicant-level checks and the decision engine.
    case decideApplicant = "decide_applicant"
}

/// A job a worker holds under lease.
public struct ClaimedJob: Sendable, Hashable {
    public var tenant: TenantID
    public var id: UUID
    public var kind: JobKind
    public var subject: UUID
    /// 1 on the first try.
    public var attempt: Int
    public var maxAttempts: Int
    public var worker: String
}

/// The job's lease passed to another worker: its work must not be written.
public struct JobLeaseLost: Error, Sendable {}

/// A step found its applicant erased when it came to write: the job is done, with nothing kept.
public struct ApplicantErased: Error, Sendable {}

/// The Postgres job queue: enqueued inside the transaction that makes the work necessary,
/// claimed with `FOR UPDATE SKIP LOCKED`, finished inside the transaction that writes its result.
public struct JobQueue: Sendable {
    /// The channel that wakes idle workers; notifications are sent at commit.
    public static let channel = "vouch_jobs"

    let pool: PostgresPool
    let database: TenantDatabase

    public init(database: TenantDatabase) {
        self.database = database
        self.pool = database.pool
    }

    /// Queues a job in the caller's tenant transaction (a no-op if the same job already waits).
    public static func enqueue(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        kind: JobKind,
        subject: UUID,
        priority: Int = 0,
        now: Date = Date()
    ) throws {
        try tx.query(
            """
            INSERT INTO jobs (tenant_id, id, kind, subject_id, priority, run_at, created_at, updated_at)
            VALUES (\(tenant.uuid), \(UUID.version7(now: now)), \(kind.rawValue), \(subject), \(priority), \(now), \(now), \(now))
            ON CONFLICT (tenant_id, kind, subject_id) WHERE state = 'queued' DO NOTHING
            """
        )
        try tx.query("SELECT pg_notify(\(channel), '')")
    }

    /// Claims up to `limit` ready jobs across tenants, most urgent first.
    public func claim(worker: String, limit: Int, lease: Duration) async throws -> [ClaimedJob] {
        let seconds = Double(lease.components.seconds) + Double(lease.components.attoseconds) / 1e18
        let rows = try await pool.query(
            """
            SELECT tenant_id, id, kind, subject_id, attempts, max_attempts
            FROM claim_jobs(\(worker), \(limit)::integer, make_interval(secs => \(seconds)))
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
            guard let kind = JobKind(rawValue: kind) else { return nil }
            return ClaimedJob(
                tenant: TenantID(uuid: tenant),
                id: id,
                kind: kind,
                subject: subject,
                attempt: attempt,
                maxAttempts: maxAttempts,
                worker: worker
            )
        }
    }

    /// Returns jobs whose worker vanished to the queue (or to `dead` after their last try).
    @discardableResult
    public func recoverExpired() async throws -> Int {
        let rows = try await pool.query("SELECT recover_expired_jobs()")
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
    public func fail(_ job: ClaimedJob, error: String, now: Date = Date()) async throws -> String {
        let dead = job.attempt >= job.maxAttempts
        let runAt = now.addingTimeInterval(Self.backoff(attempt: job.attempt))
        let message = String(error.prefix(500))
        return try await database.transaction(job.tenant) { tx in
            try tx.query(
                """
                UPDATE jobs SET state = \(dead ? "dead" : "queued"), run_at = \(runAt), lease_until = NULL,
                    worker = NULL, last_error = \(message), updated_at = \(now)
                WHERE tenant_id = \(job.tenant.uuid) AND id = \(job.id) AND state = 'running'
                    AND worker = \(job.worker) AND attempts = \(job.attempt)
                """
            )
            if !dead { try tx.query("SELECT pg_notify(\(Self.channel), '')") }
            return dead ? "dead" : "queued"
        }
    }

    /// Seconds before try `attempt + 1`: 1 s doubling to at most 5 minutes, each drawn at random
    /// from its upper half so that jobs failing together do not retry together.
    public static func backoff(attempt: Int) -> Double {
        let ceiling = min(300, pow(2, Double(max(0, attempt - 1))))
        return Double.random(in: ceiling / 2...ceiling)
    }

    /// Jobs by state across tenants (`queued`, `running`, `dead`): ids and counts only.
    public func counts() async throws -> [String: Int] {
        let rows = try await pool.query("SELECT state, jobs FROM job_counts()")
        var counts: [String: Int] = [:]
        for row in rows {
            let (state, jobs) = try row.decode(String.self, Int.self)
            counts[state] = jobs
        }
        return counts
    }
}
