import Foundation
import Postgres

/// What a tenant is billed for.
public enum UsageKind: String, Sendable, CaseIterable {
    /// An applicant that reached `verified` (counted once per applicant).
    case applicantVerified = "applicant_verified"
    /// A document version whose checks ran to an outcome (counted once per version).
    case documentChecked = "document_checked"
    case screeningCall = "screening_call"
    case regulatorCall = "regulator_call"
    /// A selfie held against a document's portrait by the face check (counted once per check).
    case faceMatch = "face_match"
    /// A verified applicant kept under ongoing monitoring (counted once per applicant and month).
    case monitoring
}

/// One kind of usage on one day.
public struct UsageDay: Sendable, Equatable {
    public var day: String
    public var kind: String
    public var quantity: Int
}

/// Usage events, written in the transaction of the action they count; a merchant's usage, as
/// `GET /v1/usage` shows it.
public struct UsageRepository: Sendable {
    let database: TenantDatabase

    public init(database: TenantDatabase) {
        self.database = database
    }

    /// Usage from the start of `from` to the end of `to` (UTC days).
    public func byDay(tenant: TenantID, from: Date, to: Date) async throws -> [UsageDay] {
        try await database.transaction(tenant) { tx in try Self.byDay(tx, tenant: tenant, from: from, to: to) }
    }

    /// Counts one billable action at the price of the tenant's plan now. `key` names the action:
    /// writing the same key twice (a retried transaction) counts it once.
    static func record(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        kind: UsageKind,
        applicant: ApplicantID?,
        outcome: String,
        key: String,
        now: Date
    ) throws {
        try tx.query(
            """
            INSERT INTO usage_events
                (tenant_id, id, kind, applicant_id, outcome, idempotency_key, created_at, plan, currency, unit_price)
            SELECT \(tenant.uuid), \(UUID.version7(now: now)), \(kind.rawValue), \(applicant?.uuid), \(outcome), \(key), \(now),
                p.name, p.currency, coalesce((p.prices ->> \(kind.rawValue))::bigint, 0)
            FROM tenants t JOIN plans p ON p.name = t.plan
            WHERE t.id = \(tenant.uuid)
            ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
            """
        )
    }

    /// Counts `monitoring` for each of the applicants once in `month` (`YYYY-MM`): one statement
    /// for a page of them; those counted this month already are left as they are.
    static func recordMonitoring(_ tx: PostgresTransaction, tenant: TenantID, applicants: [ApplicantID], month: String, now: Date) throws {
        guard !applicants.isEmpty else { return }
        let eventIDs = applicants.map { _ in UUID.version7(now: now) }
        let kind = UsageKind.monitoring.rawValue
        try tx.query(
            """
            INSERT INTO usage_events
                (tenant_id, id, kind, applicant_id, outcome, idempotency_key, created_at, plan, currency, unit_price)
            SELECT \(tenant.uuid), e.id, \(kind), e.applicant, 'screened', 'monitoring:' || e.applicant || ':' || \(month), \(now),
                p.name, p.currency, coalesce((p.prices ->> \(kind))::bigint, 0)
            FROM unnest(\(PostgresTextArray(uuids: eventIDs))::uuid[], \(PostgresTextArray(uuids: applicants.map(\.uuid)))::uuid[])
                AS e(id, applicant)
            CROSS JOIN tenants t JOIN plans p ON p.name = t.plan
            WHERE t.id = \(tenant.uuid)
            ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
            """
        )
    }

    /// Usage by day and kind over `[from, to]` (UTC days), in one tenant.
    static func byDay(_ tx: PostgresTransaction, tenant: TenantID, from: Date, to: Date) throws -> [UsageDay] {
        let rows = try tx.query(
            """
            SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, kind, sum(quantity)::bigint
            FROM usage_events
            WHERE tenant_id = \(tenant.uuid) AND created_at >= \(from) AND created_at < \(to)
            GROUP BY 1, 2 ORDER BY 1, 2
            """
        )
        return try rows.map { row in
            let (day, kind, quantity) = try row.decode(String.self, String.self, Int.self)
            return UsageDay(day: day, kind: kind, quantity: quantity)
        }
    }
}
