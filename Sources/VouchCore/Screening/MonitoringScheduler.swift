import Foundation
import Logging
import Postgres
import ServiceLifecycle

/// Queues each monitoring tenant's full re-screen when its schedule (`screening.rescreen_days`)
/// says one is due: every verified applicant against every list, which catches what changes in
/// matching itself (a new algorithm, new thresholds) and not only in the lists. A tenant that
/// has never had one gets one on the first pass after it turns monitoring on.
public final class MonitoringScheduler: Service {
    let database: UnscopedDatabase
    let interval: Duration
    let logger: Logger

    public init(database: UnscopedDatabase, interval: Duration = .seconds(3600), logger: Logger) {
        self.database = database
        self.interval = interval
        self.logger = logger
    }

    /// One pass over the monitoring tenants; returns how many full runs it queued.
    @discardableResult
    public func queueDue(now: Date = Date()) async throws -> Int {
        let rows = try await database.query("SELECT tenant_id, rescreen_days, last_full FROM monitoring_tenants()")
        var queued = 0
        for row in rows {
            let (tenantID, days, last) = try row.decode(UUID.self, Int.self, Date?.self)
            guard days > 0 else { continue }
            if let last, now.timeIntervalSince(last) < Double(days) * 86_400 { continue }
            let tenant = TenantID(uuid: tenantID)
            let id = MonitoringRunID(uuid: UUID.version7(now: now))
            let added = try await database.scoped.transaction(tenant) { tx in
                try MonitoringRepository.queueFull(tx, tenant: tenant, id: id, now: now)
            }
            if added { queued += 1 }
        }
        return queued
    }

    public func run() async throws {
        let interval = interval
        try? await cancelWhenGracefulShutdown {
            while true {
                do {
                    let queued = try await self.queueDue()
                    if queued > 0 { self.logger.info("full monitoring runs queued", metadata: ["count": "\(queued)"]) }
                } catch {
                    self.logger.warning("monitoring schedule failed", metadata: ["error_type": "\(type(of: error))"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
