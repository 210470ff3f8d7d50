import Foundation
import Logging
import Postgres
import ServiceLifecycle

/// Erases applicants whose verdict is older than their tenant's retention period, on a
/// schedule: the same erasure as `DELETE /v1/applicants/{id}` (bytes destroyed, tombstone kept).
/// Each pass also deletes expired idempotency records, which may hold secrets.
public final class RetentionSweeper: Service {
    let database: TenantDatabase
    let applicants: ApplicantRepository
    let interval: Duration
    let batch: Int
    let logger: Logger

    public init(database: TenantDatabase, interval: Duration = .seconds(3600), batch: Int = 500, logger: Logger) {
        self.database = database
        self.applicants = ApplicantRepository(database: database)
        self.interval = interval
        self.batch = batch
        self.logger = logger
    }

    /// One pass over every tenant with a retention period; returns how many applicants it erased.
    @discardableResult
    public func sweep(now: Date = Date()) async throws -> Int {
        let tenants = try await database.pool.query("SELECT id, retention_days FROM tenants_with_retention()")
        var erased = 0
        for row in tenants {
            let (id, days) = try row.decode(UUID.self, Int.self)
            let tenant = TenantID(uuid: id)
            let cutoff = now.addingTimeInterval(-Double(days) * 86400)
            let due = try await database.read(
                tenant,
                """
                SELECT id FROM applicants
                WHERE tenant_id = \(tenant.uuid) AND erased_at IS NULL AND decided_at < \(cutoff)
                ORDER BY decided_at LIMIT \(batch)
                """
            )
            for applicant in due {
                let applicantID = ApplicantID(uuid: try applicant.decode(column: 0, as: UUID.self))
                if try await applicants.erase(tenant: tenant, id: applicantID, now: now) != nil { erased += 1 }
            }
        }
        return erased
    }

    public func run() async throws {
        let interval = interval
        try? await cancelWhenGracefulShutdown {
            while true {
                do {
                    let erased = try await self.sweep()
                    if erased > 0 { self.logger.info("retention erased applicants", metadata: ["count": "\(erased)"]) }
                } catch {
                    self.logger.warning("retention sweep failed", metadata: ["error_type": "\(type(of: error))"])
                }
                do {
                    try await IdempotencyRepository.sweepExpired(database: self.database)
                } catch {
                    self.logger.warning("idempotency sweep failed", metadata: ["error_type": "\(type(of: error))"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
