import Base
import Foundation
import Postgres
import Verification

/// Runs the applicant-level checks and the decision engine for one `decide_applicant` job.
///
/// Reads in one transaction, calls the providers outside any transaction, then writes under
/// the applicant's row lock — after checking that nothing it read has changed meanwhile, so a
/// stale run never overwrites a newer state. Every read and write is a repository's; the step
/// composes them around the providers and `DecisionEngine`.
struct ApplicantDecisionStep: Sendable {
    let database: TenantDatabase
    let providers: ApplicantCheckProviders
    /// Opens the applicant's sealed profile and claims.
    let keyring: Keyring

    struct Snapshot: Sendable {
        var applicant: ApplicantID
        var subject: CheckSubject
        var profile: ProfileFacts
        var documents: [DocumentFacts]
        var rules: RuleSetVersion
        /// The newest answer of each provider kind that still stands (a pending regulator check,
        /// or answers from an earlier try of this decision): used instead of asking again.
        var standing: [ProviderKind: ProviderAnswer]
    }

    /// A provider's answer for this decision, already recorded.
    struct CheckOutcome: Sendable {
        var answer: ProviderAnswer
    }

    func run(_ job: ClaimedJob, now: Date = Date()) async throws {
        guard let snapshot = try await read(job) else { return }
        let today = CivilDate(unixSeconds: now.timeIntervalSince1970)
        let rules = snapshot.rules.rules
        let providers = providers.serving(job.tenant)
        let screening = try await outcome(
            .screening,
            enabled: rules.screeningEnabled,
            provider: ScreeningCheck.provider(remote: providers.screening, subject: snapshot.subject),
            snapshot: snapshot,
            job: job
        )
        let regulator = try await outcome(
            .regulator,
            enabled: rules.regulatorEnabled,
            provider: providers.regulator,
            snapshot: snapshot,
            job: job
        )
        let face = try await outcome(.face, enabled: rules.faceEnabled, provider: providers.face, snapshot: snapshot, job: job)
        let signals = DecisionSignals.assemble(
            documents: snapshot.documents,
            profile: snapshot.profile,
            today: today,
            screening: screening.map {
                ScreeningSignal(
                    status: $0.answer.status,
                    topScore: $0.answer.topScore,
                    sanctions: $0.answer.sanctions,
                    pep: $0.answer.pep,
                    watchlist: $0.answer.watchlist
                )
            } ?? .skipped,
            regulatorStatus: regulator?.answer.status ?? "skipped",
            face: face.map { FaceMatcher.signal($0.answer) } ?? .skipped
        )
        let decision = DecisionEngine.decide(signals, rules: rules)
        try await database.transaction(job.tenant) { tx in
            guard try unchanged(snapshot, job: job, tx: tx) else { return try JobRepository.complete(tx, job) }
            try write(decision, signals: signals, snapshot: snapshot, tenant: job.tenant, tx: tx, now: now)
            try JobRepository.complete(tx, job)
        }
    }

    /// Records the decision and, unless it waits for the regulator, writes the verdict — opening
    /// a review case for `in_review`.
    func write(
        _ decision: Decision,
        signals: DecisionSignals,
        snapshot: Snapshot,
        tenant: TenantID,
        tx: PostgresTransaction,
        now: Date
    ) throws {
        let applicant = snapshot.applicant
        try ApplicantCheckRepository.recordDecision(
            tx,
            tenant: tenant,
            applicant: applicant,
            verdict: decision.verdict.rawValue,
            record: DecisionRecord.json(decision, signals: signals, ruleSetVersion: snapshot.rules.version),
            now: now
        )
        // `pending`: the regulator's callback will bring the applicant back.
        guard let verdict = ApplicantVerdict(decision.verdict) else { return }
        try ApplicantRepository.recordVerdict(
            tx,
            tenant: tenant,
            applicant: applicant,
            verdict: verdict,
            reasons: decision.reasons,
            now: now
        )
        if verdict == .inReview {
            try ReviewRepository.open(tx, tenant: tenant, applicant: applicant, reasons: decision.reasons, now: now)
        }
    }

    /// A provider's answer; nil when the check is switched off, `skipped` when no provider is
    /// configured, the standing answer when there is one.
    ///
    /// Each new answer is recorded at once, with the usage of the call, so that a failure of the
    /// other provider does not cost this call again. A failed call is recorded as `error` and
    /// rethrown for the queue to retry; on the job's last try the decision goes ahead with the
    /// error instead, which the engine sends to review — never to a pass.
    func outcome(
        _ kind: ProviderKind,
        enabled: Bool,
        provider: (any ApplicantCheckProvider)?,
        snapshot: Snapshot,
        job: ClaimedJob
    ) async throws -> CheckOutcome? {
        guard enabled else { return nil }
        if let standing = snapshot.standing[kind] { return CheckOutcome(answer: standing) }
        guard let provider else {
            let skipped = ProviderAnswer(status: "skipped", details: .object(["reason": .string("no_provider_configured")]))
            try await record(kind, skipped, calledProvider: false, applicant: snapshot.applicant, job: job)
            return CheckOutcome(answer: skipped)
        }
        do {
            let answer = try await provider.check(snapshot.subject, rules: snapshot.rules.rules)
            try await record(
                kind,
                answer,
                calledProvider: answer.status != "skipped" && answer.calledProvider,
                applicant: snapshot.applicant,
                job: job
            )
            return CheckOutcome(answer: answer)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            let failure = ProviderAnswer(status: "error", details: Self.failureDetails(error))
            let calledProvider: Bool
            if case ProviderError.circuitOpen = error { calledProvider = false } else { calledProvider = true }
            try await record(kind, failure, calledProvider: calledProvider, applicant: snapshot.applicant, job: job)
            guard job.attempt >= job.maxAttempts else { throw error }
            return CheckOutcome(answer: failure)
        }
    }

    /// Throws `ApplicantErased` when the applicant was erased while its provider answered: the
    /// answer (which may name the person) is not kept.
    func record(
        _ kind: ProviderKind,
        _ answer: ProviderAnswer,
        calledProvider: Bool,
        applicant: ApplicantID,
        job: ClaimedJob
    ) async throws {
        try await database.transaction(job.tenant) { tx in
            guard try ApplicantRepository.lockUnerased(tx, tenant: job.tenant, applicant: applicant) else {
                throw ApplicantErased()
            }
            try ApplicantCheckRepository.recordProviderAnswer(
                tx,
                tenant: job.tenant,
                applicant: applicant,
                kind: kind,
                answer: answer,
                calledProvider: calledProvider,
                now: Date()
            )
        }
    }

    static func failureDetails(_ error: any Error) -> JSONValue {
        if let error = error as? ProviderError {
            return .object(["error": .string(error.code), "message": .string(String(error.description.prefix(300)))])
        }
        return .object(["error": .string(String(describing: type(of: error)))])
    }

    /// What the decision needs; nil (job completed) when the applicant is decided or not ready.
    func read(_ job: ClaimedJob) async throws -> Snapshot? {
        let tenant = job.tenant
        let applicant = ApplicantID(uuid: job.subject)
        return try await database.transaction(tenant) { tx -> Snapshot? in
            guard let facts = try ApplicantRepository.facts(tx, tenant: tenant, applicant: applicant, keyring: keyring), !facts.decided
            else {
                try JobRepository.complete(tx, job)
                return nil
            }
            let rules = try RuleSetRepository.current(tx, tenant: tenant)
            let documents = try DocumentRepository.facts(tx, tenant: tenant, applicant: applicant, keyring: keyring)
            let ready = rules.rules.requiredDocuments.allSatisfy { type in
                documents.contains { $0.type == type && (DocumentStatus(rawValue: $0.status)?.hasPassedChecks ?? false) }
            }
            guard ready else {
                try JobRepository.complete(tx, job)
                return nil
            }
            let profile = facts.profile
            var standing: [ProviderKind: ProviderAnswer] = [:]
            for kind in ProviderKind.allCases {
                let latest = try ApplicantCheckRepository.latestAnswer(tx, tenant: tenant, applicant: applicant, kind: kind)
                guard let latest, latest.isFinal else { continue }
                if kind == .face,
                    FaceMatcher.comparedPhotos(latest) != (try DocumentRepository.facePhotoIDs(tx, tenant: tenant, applicant: applicant))
                {
                    continue
                }
                standing[kind] = latest
            }
            // The watch list and the clearances only matter to a screening that will run.
            let screens = rules.rules.screeningEnabled && standing[.screening] == nil
            let subject = try Self.subject(
                tx,
                tenant: tenant,
                applicant: applicant,
                profile: profile,
                keyring: keyring,
                forScreening: screens
            )
            return Snapshot(
                applicant: applicant,
                subject: subject,
                profile: profile,
                documents: documents,
                rules: rules,
                standing: standing
            )
        }
    }

    /// Who the applicant-level checks are about: the profile, with what the best machine-read
    /// zone says of birth date, nationality and document number, and for screening the tenant's
    /// watch list and the applicant's clearances (read only `forScreening`).
    static func subject(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        applicant: ApplicantID,
        profile: ProfileFacts,
        keyring: Keyring,
        forScreening: Bool = true
    ) throws -> CheckSubject {
        let mrz = try DocumentRepository.bestMRZ(tx, tenant: tenant, applicant: applicant, keyring: keyring)
        var subject = CheckSubject(
            tenant: tenant,
            applicant: applicant,
            firstName: profile.firstName,
            lastName: profile.lastName,
            birthDate: (mrz?.birthDate ?? profile.dateOfBirth)?.description,
            nationality: mrz.flatMap { CountryCodes.alpha3($0.nationality) } ?? profile.nationality.flatMap(CountryCodes.alpha3),
            documentNumber: mrz?.documentNumber
        )
        guard forScreening else { return subject }
        subject.keepsWatchlist = try WatchlistRepository.inUse(tx, tenant: tenant)
        if subject.keepsWatchlist {
            subject.watchlist = try WatchlistRepository.candidates(tx, tenant: tenant, names: [subject.screeningQuery.name])
        }
        subject.clearances = try ScreeningRepository.all(tx, tenant: tenant, applicant: applicant)
        return subject
    }

    /// True when the applicant is still undecided, not erased, and its documents are as they were read.
    func unchanged(_ snapshot: Snapshot, job: ClaimedJob, tx: PostgresTransaction) throws -> Bool {
        guard try ApplicantRepository.lockUndecided(tx, tenant: job.tenant, applicant: snapshot.applicant) else { return false }
        let now = try DocumentRepository.currentStatuses(tx, tenant: job.tenant, applicant: snapshot.applicant)
        let then = Dictionary(
            uniqueKeysWithValues: snapshot.documents.compactMap { document in
                DocumentStatus(rawValue: document.status).map { (document.type, $0) }
            }
        )
        return now == then
    }
}
