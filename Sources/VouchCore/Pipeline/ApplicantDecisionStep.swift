import Foundation
import Postgres
import Verification

/// Runs the applicant-level checks and the decision engine for one `decide_applicant` job.
///
/// Reads in one transaction, calls the providers outside any transaction, then writes under
/// the applicant's row lock — after checking that nothing it read has changed meanwhile, so a
/// stale run never overwrites a newer state.
struct ApplicantDecisionStep: Sendable {
    let database: TenantDatabase
    let providers: ApplicantCheckProviders

    struct Snapshot: Sendable {
        var subject: CheckSubject
        var profile: ProfileFacts
        var documents: [DocumentFacts]
        var rules: RuleSetVersion
        /// An earlier regulator answer still waiting for its callback.
        var pendingRegulator: Bool
    }

    func run(_ job: ClaimedJob, now: Date = Date()) async throws {
        guard let snapshot = try await read(job) else { return }
        let today = CivilDate(unixSeconds: now.timeIntervalSince1970)
        let rules = snapshot.rules.rules
        let screening = try await answer(
            enabled: rules.screeningEnabled,
            provider: providers.screening,
            kind: "screening",
            snapshot: snapshot,
            job: job
        )
        let regulator: ProviderAnswer? =
            snapshot.pendingRegulator
            ? ProviderAnswer(status: "pending")
            : try await answer(
                enabled: rules.regulatorEnabled,
                provider: providers.regulator,
                kind: "regulator",
                snapshot: snapshot,
                job: job
            )
        let signals = DecisionSignals.assemble(
            documents: snapshot.documents,
            profile: snapshot.profile,
            today: today,
            screening: screening.map {
                ScreeningSignal(status: $0.status, topScore: $0.topScore, sanctions: $0.sanctions, pep: $0.pep)
            } ?? .skipped,
            regulatorStatus: regulator?.status ?? "skipped"
        )
        let decision = DecisionEngine.decide(signals, rules: rules)
        try await database.transaction(job.tenant) { tx in
            guard try unchanged(snapshot, job: job, tx: tx) else { return try JobQueue.complete(tx, job) }
            let applicant = job.subject
            if let screening {
                try ApplicantCheckLog.record(tx, tenant: job.tenant, applicant: applicant, kind: "screening", answer: screening, now: now)
            }
            if let regulator, !snapshot.pendingRegulator {
                try ApplicantCheckLog.record(tx, tenant: job.tenant, applicant: applicant, kind: "regulator", answer: regulator, now: now)
            }
            try ApplicantCheckLog.recordDecision(
                tx,
                tenant: job.tenant,
                applicant: applicant,
                decision: decision,
                signals: signals,
                ruleSetVersion: snapshot.rules.version,
                now: now
            )
            try ApplicantVerdicts.apply(decision, tx: tx, tenant: job.tenant, applicant: applicant, now: now)
            try JobQueue.complete(tx, job)
        }
    }

    /// A provider's answer; nil when the check is switched off, `skipped` when no provider is
    /// configured. A provider failure is recorded as `error` and rethrown for the queue to retry.
    func answer(
        enabled: Bool,
        provider: (any ApplicantCheckProvider)?,
        kind: String,
        snapshot: Snapshot,
        job: ClaimedJob
    ) async throws -> ProviderAnswer? {
        guard enabled else { return nil }
        guard let provider else {
            return ProviderAnswer(status: "skipped", details: .object(["reason": .string("no_provider_configured")]))
        }
        do {
            return try await provider.check(snapshot.subject, rules: snapshot.rules.rules)
        } catch {
            let failure = ProviderAnswer(
                status: "error",
                details: .object(["error": .string(String(describing: error).prefix(300).description)])
            )
            try await database.transaction(job.tenant) { tx in
                try ApplicantCheckLog.record(tx, tenant: job.tenant, applicant: job.subject, kind: kind, answer: failure, now: Date())
            }
            throw error
        }
    }

    /// What the decision needs; nil (job completed) when the applicant is decided or not ready.
    func read(_ job: ClaimedJob) async throws -> Snapshot? {
        try await database.transaction(job.tenant) { tx -> Snapshot? in
            let rows = try tx.query(
                """
                SELECT decision, first_name, last_name, date_of_birth, nationality, country_of_residence
                FROM applicants WHERE tenant_id = \(job.tenant.uuid) AND id = \(job.subject)
                """
            )
            guard let row = rows.first, try row.decode(column: 0, as: String?.self) == nil else {
                try JobQueue.complete(tx, job)
                return nil
            }
            let rules = try RuleSetRepository.current(tx, tenant: job.tenant)
            let documents = try ApplicantDocuments.facts(tx, tenant: job.tenant, applicant: job.subject)
            let ready = rules.rules.requiredDocuments.allSatisfy { type in
                documents.contains { $0.type == type && ["VERIFIED", "IN_REVIEW"].contains($0.status) }
            }
            guard ready else {
                try JobQueue.complete(tx, job)
                return nil
            }
            let birth = try row.decode(column: 3, as: PostgresDate?.self)
            let profile = ProfileFacts(
                firstName: try row.decode(column: 1),
                lastName: try row.decode(column: 2),
                dateOfBirth: birth.flatMap { CivilDate(year: $0.year, month: $0.month, day: $0.day) },
                nationality: try row.decode(column: 4),
                residence: try row.decode(column: 5)
            )
            let mrz = try ApplicantDocuments.bestMRZ(tx, tenant: job.tenant, applicant: job.subject)
            let subject = CheckSubject(
                tenant: job.tenant,
                applicant: ApplicantID(uuid: job.subject),
                firstName: profile.firstName,
                lastName: profile.lastName,
                birthDate: (mrz?.birthDate ?? profile.dateOfBirth)?.description,
                nationality: mrz.flatMap { CountryCodes.alpha3($0.nationality) } ?? profile.nationality.flatMap(CountryCodes.alpha3),
                documentNumber: mrz?.documentNumber
            )
            let pending = try ApplicantCheckLog.latestStatus(tx, tenant: job.tenant, applicant: job.subject, kind: "regulator") == "pending"
            return Snapshot(subject: subject, profile: profile, documents: documents, rules: rules, pendingRegulator: pending)
        }
    }

    /// True when the applicant is still undecided and its documents are as they were read.
    func unchanged(_ snapshot: Snapshot, job: ClaimedJob, tx: PostgresTransaction) throws -> Bool {
        let rows = try tx.query(
            "SELECT decision FROM applicants WHERE tenant_id = \(job.tenant.uuid) AND id = \(job.subject) FOR UPDATE"
        )
        guard let row = rows.first, try row.decode(column: 0, as: String?.self) == nil else { return false }
        let now = try ApplicantProgress.currentStatuses(tx, tenant: job.tenant, applicant: job.subject)
        let then = Dictionary(uniqueKeysWithValues: snapshot.documents.map { ($0.type, $0.status) })
        return now == then
    }
}
