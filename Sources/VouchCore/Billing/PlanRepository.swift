import Base
import Foundation
import Postgres
import Verification

/// The operator's plans and each tenant's choice of one (the owner's pool: the server may only
/// read plans). A change reaches every instance's key cache through the tenant status channel.
public enum PlanRepository {
    /// The payload announcing that some plan changed: every cached key is dropped.
    static let everyTenant = "*"

    public static func list(adminPool: PostgresPool) async throws -> [Plan] {
        let rows = try await adminPool.query(
            """
            SELECT name, currency, prices, key_requests_per_second, tenant_requests_per_second, webhook_endpoint_limit
            FROM plans ORDER BY name
            """
        )
        return try rows.map { row in
            let (name, currency, prices, keyRate, tenantRate, endpointLimit) = try row.decode(
                String.self,
                String.self,
                PostgresJSON.self,
                Int?.self,
                Int?.self,
                Int.self
            )
            let byKind = try prices.decode([String: Int].self)
            var kinds: [UsageKind: Int] = [:]
            for (kind, price) in byKind { if let kind = UsageKind(rawValue: kind) { kinds[kind] = price } }
            return Plan(
                name: name,
                currency: currency,
                prices: kinds,
                keyRequestsPerSecond: keyRate,
                tenantRequestsPerSecond: tenantRate,
                webhookEndpointLimit: endpointLimit
            )
        }
    }

    /// Creates or replaces a plan. Usage already counted keeps the price it was counted at.
    public static func define(adminPool: PostgresPool, _ plan: Plan) async throws {
        if let problem = plan.problem { throw VouchError.invalidPlan(problem) }
        var prices: [String: Int] = [:]
        for (kind, price) in plan.prices { prices[kind.rawValue] = price }
        let pricesJSON = try PostgresJSON(encoding: prices)
        try await adminPool.transaction { tx in
            try tx.query(
                """
                INSERT INTO plans (name, currency, prices, key_requests_per_second, tenant_requests_per_second, webhook_endpoint_limit)
                VALUES (\(plan.name), \(plan.currency), \(pricesJSON), \(plan.keyRequestsPerSecond), \(plan.tenantRequestsPerSecond),
                    \(plan.webhookEndpointLimit))
                ON CONFLICT (name) DO UPDATE SET currency = EXCLUDED.currency, prices = EXCLUDED.prices,
                    key_requests_per_second = EXCLUDED.key_requests_per_second,
                    tenant_requests_per_second = EXCLUDED.tenant_requests_per_second,
                    webhook_endpoint_limit = EXCLUDED.webhook_endpoint_limit, updated_at = now()
                """
            )
            try tx.query("SELECT pg_notify(\(TenantRepository.statusChannel), \(everyTenant))")
        }
    }

    /// Moves a tenant to another plan: new usage is priced by it, its limits apply at once on
    /// every instance. False when there is no such tenant.
    @discardableResult
    public static func assign(adminPool: PostgresPool, tenant: TenantID, plan: String) async throws -> Bool {
        try await adminPool.transaction { tx in
            let known = try tx.query("SELECT 1 FROM plans WHERE name = \(plan)")
            guard !known.isEmpty else { throw VouchError.invalidPlan("there is no plan \(plan)") }
            let previous = try tx.query("SELECT plan FROM tenants WHERE id = \(tenant.uuid) AND livemode FOR UPDATE")
            guard let from = try previous.first?.decode(column: 0, as: String.self) else { return false }
            // The test-mode twin has its live tenant's limits.
            try tx.query("UPDATE tenants SET plan = \(plan) WHERE id = \(tenant.uuid) OR live_tenant_id = \(tenant.uuid)")
            try tx.query("SELECT pg_notify(\(TenantRepository.statusChannel), \(tenant.description))")
            try tx.query("SELECT pg_notify(\(TenantRepository.statusChannel), \(tenant.testMode.description))")
            try AuditRepository.record(
                tx,
                tenant: tenant,
                action: "tenant.plan_changed",
                object: AuditObject(tenant, type: "tenant"),
                details: .object(["from": .string(from), "to": .string(plan)]),
                actor: .operator
            )
            return true
        }
    }
}
