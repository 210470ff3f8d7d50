import Foundation
import Postgres
import Verification

/// Writes an applicant's verdict with its event, and opens a review case when one is needed.
enum ApplicantVerdicts {
    static func apply(_ decision: Decision, tx: PostgresTransaction, tenant: TenantID, applicant: UUID, now: Date) throws {
        let event: EventType
        switch decision.verdict {
        case .pending: return  // the regulator's callback will bring the applicant back
        case .verified: event = .applicantVerified
        case .rejected: event = .applicantRejected
        case .inReview: event = .applicantInReview
        }
        try setDecision(tx, tenant: tenant, applicant: applicant, status: decision.verdict.rawValue, reasons: decision.reasons, now: now)
        try PipelineEvents.applicant(
            tx,
            tenant: tenant,
            applicant: applicant,
            type: event,
            status: decision.verdict.rawValue,
            reasons: decision.reasons,
            now: now
        )
        if decision.verdict == .verified { try countVerified(tx, tenant: tenant, applicant: applicant, now: now) }
        if decision.verdict == .inReview {
            try ReviewRepository.open(tx, tenant: tenant, applicant: applicant, reasons: decision.reasons, now: now)
        }
    }

    /// A verified applicant is billed once, however it got there (the engine or a reviewer).
    static func countVerified(_ tx: PostgresTransaction, tenant: TenantID, applicant: UUID, now: Date) throws {
        try UsageLog.record(
            tx,
            tenant: tenant,
            kind: .applicantVerified,
            applicant: applicant,
            outcome: "verified",
            key: "applicant_verified:\(applicant.uuidString.lowercased())",
            now: now
        )
    }

    static func setDecision(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        applicant: UUID,
        status: String,
        reasons: [String],
        now: Date
    ) throws {
        try tx.query(
            """
            UPDATE applicants SET decision = \(status), decision_reasons = \(PostgresTextArray(reasons)),
                decided_at = \(now), updated_at = \(now)
            WHERE tenant_id = \(tenant.uuid) AND id = \(applicant)
            """
        )
    }
}
