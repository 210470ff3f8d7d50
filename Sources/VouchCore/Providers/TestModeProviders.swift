import Base
import Foundation
import Postgres
import Verification

/// The outside checks of a tenant's test mode: answered inside Vouch by the magic values of
/// `SimulatedOutcomes`, never by calling a provider, and never billed. They keep the live
/// checks' shape: screening hits with candidates a reviewer can clear, and a regulator check
/// that can stay `pending` until a callback, which arrives as a job after `callbackDelay`.
public struct TestModeProviders: Sendable {
    let screening: TestModeScreening
    let regulator: TestModeRegulator

    public init(database: TenantDatabase, callbackDelay: Duration = .seconds(3)) {
        screening = TestModeScreening()
        regulator = TestModeRegulator(database: database, callbackDelay: callbackDelay)
    }

    /// The providers a test-mode twin's checks use in place of the deployment's: the face check
    /// stays (it runs here, on the twin's own photos).
    func replacing(_ live: ApplicantCheckProviders) -> ApplicantCheckProviders {
        var providers = ApplicantCheckProviders(screening: screening, regulator: regulator)
        providers.face = live.face
        return providers
    }
}

extension ApplicantCheckProviders {
    /// The providers for `tenant`'s checks: the deployment's for a live tenant, test mode's for
    /// a test-mode twin (when none are set, live ones are never used in their place).
    func serving(_ tenant: TenantID) -> ApplicantCheckProviders {
        guard tenant.isTestMode else { return self }
        return testMode?.replacing(self) ?? ApplicantCheckProviders()
    }
}

/// Screening in test mode, by the person's last name (`SimulatedOutcomes.screening`).
struct TestModeScreening: ScreeningSource {
    func screen(_ subject: CheckSubject, threshold: Double) async throws -> ScreeningReport {
        let query = subject.screeningQuery
        guard case .results(let hits) = SimulatedOutcomes.screening(lastName: subject.lastName ?? "", caption: query.name) else {
            throw ProviderError.status(500)
        }
        // Counted in the twin's usage like a live call (its usage is never billed).
        return ScreeningReport(
            provenance: ["provider": .string("test_mode"), "dataset": .string("test_mode")],
            results: hits.count,
            bestBelowThreshold: hits.map(\.score).filter { $0 < threshold }.max() ?? 0,
            hits: hits.filter { $0.score >= threshold }.map { Self.candidate($0, query: query) }
        )
    }

    static func candidate(_ hit: SimulatedOutcomes.ScreeningHit, query: ScreeningQuery) -> ScreeningCandidate {
        ScreeningCandidate(
            source: .list,
            id: hit.id,
            caption: hit.caption,
            schema: "Person",
            score: hit.score,
            datasets: [hit.dataset],
            topics: [hit.topic],
            entryVersion: nil,
            reference: nil,
            features: ["person_name_jaro_winkler": hit.score],
            comparison: CandidateComparison.compare(query, with: CandidateRecord(names: [hit.caption]))
        )
    }
}

/// The regulator check in test mode, by the start of the document number
/// (`SimulatedOutcomes.regulator`). A `pending` answer is finished by a job that stands in for
/// the regulator's callback.
struct TestModeRegulator: ApplicantCheckProvider {
    let database: TenantDatabase
    let callbackDelay: Duration

    func check(_ subject: CheckSubject, rules: RuleSet) async throws -> ProviderAnswer {
        guard let documentNumber = subject.documentNumber else {
            return ProviderAnswer(status: "skipped", details: .object(["reason": .string("no_document_number")]))
        }
        let reference = RegulatorReference.make(tenant: subject.tenant)
        let status: String
        switch SimulatedOutcomes.regulator(documentNumber: documentNumber) {
        case .answer(let answer): status = answer
        case .slow: status = "match"
        case .serverError, .rateLimited, .malformed: throw ProviderError.status(500)
        case .pendingThenCallback:
            status = "pending"
            let delay = callbackDelay
            try await database.transaction(subject.tenant) { tx in
                try JobRepository.enqueue(
                    tx,
                    tenant: subject.tenant,
                    task: .answerTestRegulator(subject.applicant),
                    runAt: Date().addingTimeInterval(TimeInterval(delay.components.seconds))
                )
            }
        }
        return ProviderAnswer(
            status: status,
            reference: reference,
            details: .object(["reference": .string(reference), "provider": .string("test_mode")])
        )
    }
}

/// Stands in for the regulator's callback in test mode: the applicant's pending regulator
/// check is answered `match`, as the simulator's callback does, and its decision runs again.
struct TestRegulatorCallbackStep: Sendable {
    let database: TenantDatabase

    func run(_ job: ClaimedJob, now: Date = Date()) async throws {
        let applicant = ApplicantID(uuid: job.subject)
        try await database.transaction(job.tenant) { tx in
            // Until the decision that asked has recorded its reference, there is nothing to
            // answer: the job fails and is tried again. One answered already is left alone.
            guard let (reference, status) = try ApplicantCheckRepository.latestReference(tx, tenant: job.tenant, applicant: applicant)
            else { throw VouchError.notFound("pending regulator reference") }
            if status == "pending" {
                _ = try RegulatorCallbackService.apply(tx, tenant: job.tenant, reference: reference, status: "match", now: now)
            }
            try JobRepository.complete(tx, job)
        }
    }
}
