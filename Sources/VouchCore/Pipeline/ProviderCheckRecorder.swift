import Foundation
import Postgres

/// Records a provider's answer with what goes with it, in the caller's transaction: the check
/// row, the usage event of the call that produced it, and a pending regulator reference.
enum ProviderCheckRecorder {
    static func record(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        applicant: UUID,
        kind: String,
        answer: ProviderAnswer,
        calledProvider: Bool,
        now: Date
    ) throws {
        let check = try ApplicantCheckLog.record(tx, tenant: tenant, applicant: applicant, kind: kind, answer: answer, now: now)
        if calledProvider, let usage = usageKind(kind) {
            try UsageLog.record(
                tx,
                tenant: tenant,
                kind: usage,
                applicant: applicant,
                outcome: answer.status,
                key: "check:\(check.uuidString.lowercased())",
                now: now
            )
        }
        if kind == "regulator", answer.status == "pending", let reference = answer.reference {
            try tx.query(
                """
                INSERT INTO regulator_references (tenant_id, reference, applicant_id, status, created_at)
                VALUES (\(tenant.uuid), \(reference), \(applicant), 'pending', \(now))
                ON CONFLICT DO NOTHING
                """
            )
        }
    }

    static func usageKind(_ kind: String) -> UsageKind? {
        switch kind {
        case "screening": .screeningCall
        case "regulator": .regulatorCall
        default: nil
        }
    }
}
