import Foundation
import Postgres

/// A period's billable usage, summed per tenant, plan, currency, kind and price, from the usage
/// events: one aggregate query, so a month of a million events comes back as a handful of rows.
/// Test mode's usage is never billed: its twins' events are counted in `/v1/usage` only.
public struct BillingRepository: Sendable {
    let database: TenantDatabase

    public init(database: TenantDatabase) {
        self.database = database
    }

    /// One tenant's lines, read inside its row-level security.
    public func lines(tenant: TenantID, period: BillingPeriod) async throws -> [BillingLine] {
        try Self.lines(try await database.read(tenant, Self.query(period: period, tenant: tenant)))
    }

    /// Every tenant's lines, through the owner's pool (which row-level security does not limit).
    public static func lines(adminPool: PostgresPool, period: BillingPeriod) async throws -> [BillingLine] {
        try lines(try await adminPool.query(query(period: period, tenant: nil)))
    }

    private static func query(period: BillingPeriod, tenant: TenantID?) -> PostgresQuery {
        """
        SELECT t.id, t.name, u.plan, u.currency, u.kind, sum(u.quantity)::bigint, u.unit_price
        FROM usage_events u
        JOIN tenants t ON t.id = u.tenant_id
        WHERE u.created_at >= \(period.start) AND u.created_at < \(period.end) AND t.livemode
            AND (\(tenant?.uuid)::uuid IS NULL OR u.tenant_id = \(tenant?.uuid))
        GROUP BY t.id, t.name, u.plan, u.currency, u.kind, u.unit_price
        ORDER BY t.id, u.plan, u.currency, u.kind, u.unit_price
        """
    }

    private static func lines(_ rows: PostgresRows) throws -> [BillingLine] {
        try rows.map { row in
            let (id, name, plan, currency, kind, quantity, price) = try row.decode(
                UUID.self,
                String.self,
                String.self,
                String.self,
                String.self,
                Int.self,
                Int.self
            )
            return BillingLine(
                tenantID: TenantID(uuid: id),
                tenantName: name,
                plan: plan,
                currency: currency,
                kind: kind,
                quantity: quantity,
                unitPrice: price
            )
        }
    }
}
