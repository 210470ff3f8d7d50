import Foundation
import Postgres

/// The GCRA buckets every instance shares: one row per tenant and bucket holding the theoretical
/// arrival time of its next request.
struct RateLimitRepository: Sendable {
    let database: TenantDatabase

    /// Admits a request at `now` in one statement when it fits: the bucket's arrival time moves
    /// on by `interval`, unless it is more than `tolerance` ahead of `now`. Returns the arrival
    /// time stored by this request (nil when it did not fit) and the one before it (nil when the
    /// bucket was new). Locks the bucket's row only for its own update.
    func admit(
        tenant: TenantID,
        bucket: String,
        now: Double,
        interval: Double,
        tolerance: Double
    ) async throws -> (admitted: Double?, previous: Double?) {
        let rows = try await database.read(
            tenant,
            """
            WITH previous AS (
                SELECT arrival FROM rate_limits WHERE tenant_id = \(tenant.uuid) AND bucket = \(bucket)
            ), admitted AS (
                INSERT INTO rate_limits AS r (tenant_id, bucket, arrival)
                VALUES (\(tenant.uuid), \(bucket), \(now + interval))
                ON CONFLICT (tenant_id, bucket) DO UPDATE SET arrival = greatest(r.arrival, \(now)) + \(interval)
                    WHERE greatest(r.arrival, \(now)) - \(now) <= \(tolerance)
                RETURNING arrival
            )
            SELECT (SELECT arrival FROM admitted), (SELECT arrival FROM previous)
            """
        )
        let (admitted, previous) = try rows[0].decode(Double?.self, Double?.self)
        return (admitted, previous)
    }
}
