import Base
import Foundation
import Postgres
import Verification

/// One line of a period's bill: a tenant's usage of one kind, priced by its plan.
public struct BillingLine: Sendable, Equatable {
    public var tenantID: TenantID
    public var tenantName: String
    public var plan: String
    public var currency: String
    public var kind: String
    public var quantity: Int
    /// In the currency's minor unit (cents).
    public var unitPrice: Int
    public var amount: Int { quantity * unitPrice }

    public init(tenantID: TenantID, tenantName: String, plan: String, currency: String, kind: String, quantity: Int, unitPrice: Int) {
        self.tenantID = tenantID
        self.tenantName = tenantName
        self.plan = plan
        self.currency = currency
        self.kind = kind
        self.quantity = quantity
        self.unitPrice = unitPrice
    }
}

/// A period's line items, from the usage events, for one tenant (API) or all (the operator).
///
/// Counting happens in one aggregate query over the prices each event was counted at, so a month
/// of a million usage events comes back as a handful of rows and a closed month never changes.
public enum BillingExport {
    /// Every tenant's lines (the owner's pool, which row-level security does not limit).
    public static func allTenants(adminPool: PostgresPool, period: BillingPeriod) async throws -> [BillingLine] {
        try await BillingRepository.lines(adminPool: adminPool, period: period)
    }

    /// One tenant's lines, read inside its row-level security.
    public static func tenant(_ tenant: TenantID, database: TenantDatabase, period: BillingPeriod) async throws -> [BillingLine] {
        try await BillingRepository(database: database).lines(tenant: tenant, period: period)
    }

    static let csvHeader = "period,tenant_id,tenant_name,plan,currency,kind,quantity,unit_price_minor,amount_minor"

    /// RFC 4180: a stable header, CRLF line ends, fields quoted where they need it; each tenant's
    /// items are followed by a `total` line.
    public static func csv(_ lines: [BillingLine], period: BillingPeriod) -> String {
        var out = csvHeader + "\r\n"
        for group in grouped(lines) {
            for line in group {
                out += row([
                    period.description, line.tenantID.description, line.tenantName, line.plan, line.currency, line.kind,
                    String(line.quantity), String(line.unitPrice), String(line.amount),
                ])
            }
            let first = group[0]
            out += row([
                period.description, first.tenantID.description, first.tenantName, first.plan, first.currency, "total",
                "", "", String(group.reduce(0) { $0 + $1.amount }),
            ])
        }
        return out
    }

    public static func json(_ lines: [BillingLine], period: BillingPeriod, now: Date = Date()) -> JSONValue {
        .object([
            "object": "billing_export",
            "period": .string(period.description),
            "closed": .bool(period.isClosed(now: now)),
            "tenants": .array(
                grouped(lines).map { group in
                    .object([
                        "tenant_id": .string(group[0].tenantID.description),
                        "tenant_name": .string(group[0].tenantName),
                        "plan": .string(group[0].plan),
                        "currency": .string(group[0].currency),
                        "items": .array(
                            group.map { line in
                                .object([
                                    "kind": .string(line.kind),
                                    "quantity": .number(Double(line.quantity)),
                                    "unit_price_minor": .number(Double(line.unitPrice)),
                                    "amount_minor": .number(Double(line.amount)),
                                ])
                            }
                        ),
                        "total_minor": .number(Double(group.reduce(0) { $0 + $1.amount })),
                    ])
                }
            ),
        ])
    }

    /// Lines come ordered by tenant, plan and currency: each consecutive run is one total. A
    /// tenant moved to another plan during the period has a run (and a total) per plan.
    static func grouped(_ lines: [BillingLine]) -> [[BillingLine]] {
        var groups: [[BillingLine]] = []
        for line in lines {
            if let first = groups.last?.first, first.tenantID == line.tenantID, first.plan == line.plan, first.currency == line.currency {
                groups[groups.count - 1].append(line)
            } else {
                groups.append([line])
            }
        }
        return groups
    }

    static func row(_ fields: [String]) -> String {
        fields.map { field in
            let needsQuotes = field.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
            return needsQuotes ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",") + "\r\n"
    }
}
