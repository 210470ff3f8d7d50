import Foundation
import Logging
import Postgres
import ServiceLifecycle

/// Erases applicants whose verdict is older than their tenant's retention period, on a
/// schedule: the same erasure as `DELETE /v1/applicants/{id}` (bytes destroyed, tombstone kept).
/// Each pass also deletes expired idempotency records, which may hold secrets.
public final class RetentionSweeper: Service {
    let database: UnscopedDatabase
    let retention: RetentionRepository
    let applicants: ApplicantRepository
    let interval: Duration
    let batch: Int
    let logger: Logger

    /// - Parameter database: the door across tenants: a sweep visits every tenant with a
    ///   retention period, and erases in each tenant's own transactions.
    ///   `keyring` opens the key that signs each erasure's deletion certificate.
    public init(
        database: UnscopedDatabase,
        keyring: Keyring,
        interval: Duration = .seconds(3600),
        batch: Int = 500,
        logger: Logger
    ) {
        self.database = database
        self.retention = RetentionRepository(database: database)
        self.applicants = ApplicantRepository(database: database.scoped, keyring: keyring)
        self.interval = interval
        self.batch = batch
        self.logger = logger
    }

    /// One pass over every tenant with a retention period; returns how many applicants it erased.
    @discardableResult
    public func sweep(now: Date = Date()) async throws -> Int {
        var erased = 0
        for (tenant, days) in try await retention.tenantsWithRetention() {
            let cutoff = now.addingTimeInterval(-Double(days) * 86400)
            for applicant in try await retention.decided(tenant: tenant, before: cutoff, limit: batch) {
                if try await applicants.erase(tenant: tenant, id: applicant, now: now) != nil { erased += 1 }
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
