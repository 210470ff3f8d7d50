import Foundation
import Postgres

extension ApplicantRepository {
    /// Writes the applicant's verdict with its event and, for `verified`, its usage — the one
    /// place a verdict is written, whether the engine or a reviewer decided. The caller holds
    /// the applicant's lock.
    static func recordVerdict(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        applicant: ApplicantID,
        verdict: ApplicantVerdict,
        reasons: [String],
        now: Date
    ) throws {
        try tx.query(
            """
            UPDATE applicants SET decision = \(verdict.status.rawValue), decision_reasons = \(PostgresTextArray(reasons)),
                decided_at = \(now), updated_at = \(now)
            WHERE tenant_id = \(tenant.uuid) AND id = \(applicant.uuid)
            """
        )
        try ApplicantEvents.append(
            tx,
            tenant: tenant,
            applicant: applicant,
            type: verdict.event,
            status: verdict.status.rawValue,
            reasons: reasons,
            now: now
        )
        // A verified applicant is billed once, however it got there.
        if verdict == .verified {
            try UsageRepository.record(
                tx,
                tenant: tenant,
                kind: .applicantVerified,
                applicant: applicant,
                outcome: ApplicantStatus.verified.rawValue,
                key: "applicant_verified:\(applicant.uuid.uuidString.lowercased())",
                now: now
            )
        }
    }

    /// Clears the verdict: a new document version is to be decided again.
    static func clearVerdict(_ tx: PostgresTransaction, tenant: TenantID, applicant: ApplicantID, now: Date) throws {
        try tx.query(
            """
            UPDATE applicants SET decision = NULL, decision_reasons = '{}', decided_at = NULL, updated_at = \(now)
            WHERE tenant_id = \(tenant.uuid) AND id = \(applicant.uuid)
            """
        )
    }
}
