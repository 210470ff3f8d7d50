import Foundation
import Logging

/// GCRA shared by every instance through Postgres: one statement per decision, which locks the
/// bucket's row only for its own update, so instances agree on every request.
///
/// If the database cannot answer, the request is let through (and logged): a limiter must not
/// turn a database hiccup into an outage of every merchant.
public struct PostgresRateLimiter: RateLimiter {
    let repository: RateLimitRepository
    let logger: Logger

    public init(database: TenantDatabase, logger: Logger = Logger(label: "vouch.ratelimit")) {
        self.repository = RateLimitRepository(database: database)
        self.logger = logger
    }

    public func decide(_ bucket: RateLimitBucket, tenant: TenantID, policy: RateLimitPolicy) async -> RateLimitDecision {
        let bucket = bucket.name
        let now = Date().timeIntervalSince1970
        let interval = policy.emissionInterval
        let tolerance = policy.window - interval
        do {
            // The update happens only when the request fits; either way the row's arrival time
            // before this request comes back, for the decision and its headers.
            let (admitted, previous) = try await repository.admit(
                tenant: tenant,
                bucket: bucket,
                now: now,
                interval: interval,
                tolerance: tolerance
            )
            // Replaying the stored arrival through the same arithmetic gives the headers.
            let stored = admitted.map { $0 - interval } ?? previous
            let (decision, _) = GCRA.decide(policy: policy, storedArrival: stored.map { max($0, now) }, now: now)
            guard admitted == nil, decision.allowed else { return decision }
            // Another instance admitted a request in between: refused after all.
            return RateLimitDecision(policy: policy, allowed: false, remaining: 0, resetSeconds: 1, retryAfterSeconds: 1)
        } catch {
            logger.warning("rate limit not decided; request let through", metadata: ["error_type": "\(type(of: error))"])
            return RateLimitDecision(policy: policy, allowed: true, remaining: policy.quota, resetSeconds: 0, retryAfterSeconds: 0)
        }
    }
}
