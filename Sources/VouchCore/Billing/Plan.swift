import Base
import Foundation
import Postgres
import Verification

/// A price list and its request limits. Prices are in the currency's minor unit (cents).
public struct Plan: Sendable, Equatable {
    public var name: String
    public var currency: String
    public var prices: [UsageKind: Int]
    /// Requests per second per API key; nil: the server's configured default.
    public var keyRequestsPerSecond: Int?
    /// Requests per second across a tenant's keys; nil: the server's configured default.
    public var tenantRequestsPerSecond: Int?
    /// Webhook endpoints a tenant may have: every event writes a delivery to each.
    public var webhookEndpointLimit: Int

    /// The webhook endpoints a plan allows unless it says otherwise.
    public static let defaultWebhookEndpointLimit = 20

    public init(
        name: String,
        currency: String,
        prices: [UsageKind: Int],
        keyRequestsPerSecond: Int?,
        tenantRequestsPerSecond: Int?,
        webhookEndpointLimit: Int = Plan.defaultWebhookEndpointLimit
    ) {
        self.name = name
        self.currency = currency
        self.prices = prices
        self.keyRequestsPerSecond = keyRequestsPerSecond
        self.tenantRequestsPerSecond = tenantRequestsPerSecond
        self.webhookEndpointLimit = webhookEndpointLimit
    }

    /// Why the plan cannot be stored, if it cannot.
    public var problem: String? {
        if name.range(of: "^[a-z0-9_-]{1,40}$", options: .regularExpression) == nil {
            return "a plan's name is 1 to 40 of a-z, 0-9, _ and -"
        }
        if currency.range(of: "^[A-Z]{3}$", options: .regularExpression) == nil { return "a currency is three capital letters (ISO 4217)" }
        if prices.values.contains(where: { $0 < 0 }) { return "prices cannot be negative" }
        if [keyRequestsPerSecond, tenantRequestsPerSecond].contains(where: { ($0 ?? 1) < 1 }) {
            return "limits are at least 1 request per second"
        }
        if webhookEndpointLimit < 1 { return "a plan allows at least 1 webhook endpoint" }
        return nil
    }
}

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
            let previous = try tx.query("SELECT plan FROM tenants WHERE id = \(tenant.uuid) FOR UPDATE")
            guard let from = try previous.first?.decode(column: 0, as: String.self) else { return false }
            try tx.query("UPDATE tenants SET plan = \(plan) WHERE id = \(tenant.uuid)")
            try tx.query("SELECT pg_notify(\(TenantRepository.statusChannel), \(tenant.description))")
            try AuditTrail.record(
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
