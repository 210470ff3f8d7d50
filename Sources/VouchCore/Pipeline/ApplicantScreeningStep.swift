import Base
import Foundation
import Postgres
import Verification

/// Screens an applicant again (`screen_applicant`): against the lists as they are now, the
/// tenant's watch list as it is now, and with the applicant's clearances. The answer is recorded
/// and billed as every screening is, and becomes the one later decisions use. A verified
/// applicant with a hit nobody cleared that the rules act on (a sanctions, PEP or watch-list
/// match, unless `screening.on_match` is `ignore`) goes back to review: a reviewer decides
/// again. Re-screening never rejects by itself. Whatever the applicant's status, such a hit is
/// announced as `applicant.screening_hit`.
struct ApplicantScreeningStep: Sendable {
    let decisions: ApplicantDecisionStep

    var database: TenantDatabase { decisions.database }

    func run(_ job: ClaimedJob, now: Date = Date()) async throws {
        guard let snapshot = try await read(job) else { return }
        let outcome = try await decisions.outcome(
            .screening,
            enabled: true,
            provider: ScreeningCheck.provider(remote: decisions.providers.serving(job.tenant).screening, subject: snapshot.subject),
            snapshot: snapshot,
            job: job
        )
        try await database.transaction(job.tenant) { tx in
            let decision = try ApplicantRepository.lockDecision(tx, tenant: job.tenant, applicant: snapshot.applicant)
            let reasons = outcome.map { Self.reasons($0.answer) } ?? []
            if let answer = outcome?.answer, !reasons.isEmpty, snapshot.rules.rules.onScreeningMatch != .ignore {
                try ApplicantEvents.screeningHit(
                    tx,
                    tenant: job.tenant,
                    applicant: snapshot.applicant,
                    reasons: reasons,
                    answer: answer,
                    now: now
                )
                if decision == ApplicantStatus.verified.rawValue {
                    try review(reasons, applicant: snapshot.applicant, tenant: job.tenant, tx: tx, now: now)
                }
            }
            try JobRepository.complete(tx, job)
        }
    }

    /// The reasons the decision engine gives for the hits rules act on.
    static func reasons(_ answer: ProviderAnswer) -> [String] {
        [(answer.sanctions, "sanctions_match"), (answer.pep, "pep_match"), (answer.watchlist, "watchlist_match")]
            .filter(\.0).map(\.1)
    }

    /// Sends a verified applicant back to review over a new hit, recorded as a decision.
    func review(_ reasons: [String], applicant: ApplicantID, tenant: TenantID, tx: PostgresTransaction, now: Date) throws {
        let record: JSONValue = .object([
            "decided_by": .string("rescreening"),
            "verdict": .string(ApplicantVerdict.inReview.rawValue),
            "reasons": .array(reasons.map(JSONValue.string)),
            "trace": .array(reasons.map { .object(["rule": .string("screening"), "action": .string("review"), "reason": .string($0)]) }),
        ])
        try ApplicantCheckRepository.recordDecision(
            tx,
            tenant: tenant,
            applicant: applicant,
            verdict: ApplicantVerdict.inReview.rawValue,
            record: record,
            now: now
        )
        try ApplicantRepository.recordVerdict(tx, tenant: tenant, applicant: applicant, verdict: .inReview, reasons: reasons, now: now)
        try ReviewRepository.open(tx, tenant: tenant, applicant: applicant, reasons: reasons, now: now)
    }

    /// Who to screen; nil (job completed) when the applicant is erased or gone, or the tenant's
    /// rules screen no one.
    func read(_ job: ClaimedJob) async throws -> ApplicantDecisionStep.Snapshot? {
        let tenant = job.tenant
        let applicant = ApplicantID(uuid: job.subject)
        return try await database.transaction(tenant) { tx -> ApplicantDecisionStep.Snapshot? in
            let rules = try RuleSetRepository.current(tx, tenant: tenant)
            guard let facts = try ApplicantRepository.facts(tx, tenant: tenant, applicant: applicant, keyring: decisions.keyring),
                rules.rules.screeningEnabled
            else {
                try JobRepository.complete(tx, job)
                return nil
            }
            var subject = try ApplicantDecisionStep.subject(
                tx,
                tenant: tenant,
                applicant: applicant,
                profile: facts.profile,
                keyring: decisions.keyring
            )
            // Again means against the lists as they are now, not as a worker loaded them before.
            subject.listVersions = try ListRepository.currentVersions(tx)
            return ApplicantDecisionStep.Snapshot(
                applicant: applicant,
                subject: subject,
                profile: facts.profile,
                documents: [],
                rules: rules,
                standing: [:]
            )
        }
    }
}
