import Postgres

/// The queues as operators watch them, across tenants: counts and ages only, never a tenant's
/// data (`job_queue_stats()`, `webhook_backlog_stats()`).
struct QueueStatsRepository: Sendable {
    /// Jobs of one kind in one state.
    struct JobSeries: Sendable {
        var kind: String
        var state: String
        var jobs: Int
        /// The age of the oldest job that is due, in seconds; 0 when none is.
        var oldestDueSeconds: Double
    }

    /// Webhook deliveries not yet done, in one state.
    struct DeliverySeries: Sendable {
        var state: String
        var deliveries: Int
        var oldestDueSeconds: Double
    }

    let database: UnscopedDatabase

    func jobs() async throws -> [JobSeries] {
        try await database.query("SELECT kind, state, jobs, oldest_due_seconds FROM job_queue_stats()").map { row in
            let (kind, state, jobs, oldest) = try row.decode(String.self, String.self, Int.self, Double.self)
            return JobSeries(kind: kind, state: state, jobs: jobs, oldestDueSeconds: oldest)
        }
    }

    func webhookBacklog() async throws -> [DeliverySeries] {
        try await database.query("SELECT state, deliveries, oldest_due_seconds FROM webhook_backlog_stats()").map { row in
            let (state, deliveries, oldest) = try row.decode(String.self, Int.self, Double.self)
            return DeliverySeries(state: state, deliveries: deliveries, oldestDueSeconds: oldest)
        }
    }
}
