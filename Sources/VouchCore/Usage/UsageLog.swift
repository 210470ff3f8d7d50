import Foundation
import Postgres

/// What a tenant is billed for.
public enum UsageKind: String, Sendable, CaseIterable {
    case screeningCall = "screening_call"
    case regulatorCall = "regulator_call"
}

/// Usage events, written in the transaction of the action they count.
enum UsageLog {
    /// Counts one billable action. `key` names the action: writing the same key twice (a
    /// retried transaction) counts it once.
    static func record(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        kind: UsageKind,
        applicant: UUID?,
        outcome: String,
        key: String,
        now: Date
    ) throws {
        try tx.query(
            """
            INSERT INTO usage_events (tenant_id, id, kind, applicant_id, outcome, idempotency_key, created_at)
            VALUES (\(tenant.uuid), \(UUID.version7(now: now)), \(kind.rawValue), \(applicant), \(outcome), \(key), \(now))
            ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
            """
        )
    }
}
