import Foundation
import Postgres
import Verification

/// When an applicant's decision may run: every required document has passed its checks
/// (verified, or waiting for a reviewer).
enum DecisionReadiness {
    static func isReady(_ statuses: [String: DocumentStatus], rules: RuleSet) -> Bool {
        rules.requiredDocuments.allSatisfy { statuses[$0]?.hasPassedChecks ?? false }
    }

    /// Queues the applicant's decision once it is ready, and says so with `applicant.processing`.
    static func enqueueDecisionIfReady(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        applicant: ApplicantID,
        rules: RuleSet,
        now: Date
    ) throws {
        let statuses = try DocumentRepository.currentStatuses(tx, tenant: tenant, applicant: applicant)
        guard isReady(statuses, rules: rules) else { return }
        try JobRepository.enqueue(tx, tenant: tenant, task: .decideApplicant(applicant), now: now)
        try ApplicantEvents.append(
            tx,
            tenant: tenant,
            applicant: applicant,
            type: .applicantProcessing,
            status: ApplicantStatus.processing.rawValue,
            now: now
        )
    }
}
