import Foundation
import Logging
import Metrics
import Postgres
import ServiceLifecycle

/// Samples what only the database knows — the job queue's depth and age per kind, the webhook
/// backlog — and the connection pool's use, into gauges for `/metrics`, every `interval`.
///
/// The numbers are the whole deployment's (every instance reports the same queue): aggregate
/// them with `max`, not `sum`.
public struct OperationalMetrics: Service {
    let database: TenantDatabase
    let stats: QueueStatsRepository
    let interval: Duration
    let logger: Logger

    /// - Parameters:
    ///   - database: the requests' database, whose connection pool is reported.
    ///   - unscoped: the door across tenants, to count the queues with.
    public init(database: TenantDatabase, unscoped: UnscopedDatabase, interval: Duration = .seconds(5), logger: Logger) {
        self.database = database
        self.stats = QueueStatsRepository(database: unscoped)
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            var shown = ShownSeries()
            while true {
                await sample(&shown)
                try await Task.sleep(for: interval)
            }
        }
    }

    /// One sample, on its own (the series it sets stay until the next).
    public func sampleOnce() async {
        var shown = ShownSeries()
        await sample(&shown)
    }

    /// One sample. A series that disappeared (no job of that kind waits any more) is set to 0
    /// rather than left at its last value.
    func sample(_ shown: inout ShownSeries) async {
        let pool = database.connectionUsage
        Gauge(label: "vouch_db_pool_connections", dimensions: [("state", "open")]).record(pool.open)
        Gauge(label: "vouch_db_pool_connections", dimensions: [("state", "busy")]).record(pool.busy)
        Gauge(label: "vouch_db_pool_waiting").record(pool.waiting)
        do {
            var current = ShownSeries()
            for series in try await stats.jobs() {
                let (kind, state, jobs, oldest) = (series.kind, series.state, series.jobs, series.oldestDueSeconds)
                current.jobs.insert([kind, state])
                Gauge(label: "vouch_jobs", dimensions: [("kind", kind), ("state", state)]).record(jobs)
                if state == "queued" {
                    Gauge(label: "vouch_jobs_oldest_due_seconds", dimensions: [("kind", kind)]).record(oldest)
                }
            }
            for series in try await stats.webhookBacklog() {
                let (state, deliveries, oldest) = (series.state, series.deliveries, series.oldestDueSeconds)
                current.deliveries.insert(state)
                Gauge(label: "vouch_webhook_backlog", dimensions: [("state", state)]).record(deliveries)
                if state == "pending" { Gauge(label: "vouch_webhook_oldest_due_seconds").record(oldest) }
            }
            for gone in shown.jobs.subtracting(current.jobs) {
                Gauge(label: "vouch_jobs", dimensions: [("kind", gone[0]), ("state", gone[1])]).record(0)
                if gone[1] == "queued" { Gauge(label: "vouch_jobs_oldest_due_seconds", dimensions: [("kind", gone[0])]).record(0) }
            }
            for gone in shown.deliveries.subtracting(current.deliveries) {
                Gauge(label: "vouch_webhook_backlog", dimensions: [("state", gone)]).record(0)
                if gone == "pending" { Gauge(label: "vouch_webhook_oldest_due_seconds").record(0) }
            }
            shown = current
        } catch {
            logger.debug("could not sample the queues", metadata: ["error_type": "\(type(of: error))"])
        }
    }

    struct ShownSeries {
        var jobs: Set<[String]> = []
        var deliveries: Set<String> = []
    }
}
