import Foundation
import Testing
import Verification

@testable import VouchCore

/// A screening provider that holds every call until the test lets it answer: a decision step
/// stopped mid-flight, between reading the applicant and writing what it found.
actor HeldProvider: ScreeningSource {
    private var entered: [CheckedContinuation<Void, Never>] = []
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var calls = 0
    private var released = false

    nonisolated func screen(_ subject: CheckSubject, threshold: Double) async throws -> ScreeningReport {
        await hold()
        return ScreeningReport(provenance: ["name": .string(subject.lastName ?? "")], results: 0, bestBelowThreshold: 0, hits: [])
    }

    private func hold() async {
        calls += 1
        for continuation in entered { continuation.resume() }
        entered = []
        guard !released else { return }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Returns once a call is being held.
    func waitForCall() async {
        if calls > 0 { return }
        await withCheckedContinuation { entered.append($0) }
    }

    func release() {
        released = true
        for continuation in waiting { continuation.resume() }
        waiting = []
    }
}

@Suite("Erasure while a job runs")
struct ErasureRaceTests {
    @Test("a document check that read its document before the erasure writes nothing back after it")
    func documentCheckHeldMidFlight() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key, profile: PipelineProfile())
            let response = try await client.uploadDocument(PipelineDocuments.valid(variant: 3).idBack, applicant: applicant, key: key)
            #expect(response.status == .accepted)
            let job = try #require(try await app.services.jobs.claim(worker: "held", limit: 1, lease: .seconds(60)).first)
            let step = app.services.jobRunner.documentChecks
            let loaded = try #require(try await step.load(job, now: Date()), "the step has read the document")

            #expect(try await client.send(.delete, "/v1/applicants/\(applicant)", key: key).status == .ok)
            try await step.check(loaded, job: job, now: Date())

            let written = try await app.admin(
                """
                SELECT count(*) FROM documents
                WHERE signals IS NOT NULL OR document_number_hash IS NOT NULL OR mrz IS NOT NULL
                    OR status IN ('VERIFIED', 'REJECTED', 'IN_REVIEW')
                """
            )
            #expect(try written[0].decode(column: 0, as: Int.self) == 0, "no verdict, signals or number hash came back")
            #expect(try await app.count("usage_events") == 0, "the check of an erased applicant is not billed")
            let events = try await app.eventCounts(applicant: applicant)
            #expect(events["document.verified"] == nil && events["document.rejected"] == nil)
            #expect(try await app.jobRows().isEmpty, "the job finished, neither retried nor dead")
        }
    }

    @Test("a decision step whose provider answers after the erasure keeps no answer, no usage and no verdict")
    func decisionHeldMidFlight() async throws {
        let provider = HeldProvider()
        try await TestApp.withApp(providers: ApplicantCheckProviders(screening: provider)) { app, client in
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key, profile: PipelineProfile())
            try await client.uploadDocuments(.valid(variant: 4), applicant: applicant, key: key)
            // The document checks run to the end; the decision they queue is held in the provider.
            var decision: ClaimedJob?
            for _ in 0..<10 where decision == nil {
                for job in try await app.services.jobs.claim(worker: "held", limit: 8, lease: .seconds(60)) {
                    if job.kind == .decideApplicant { decision = job } else { await app.services.jobRunner.run(job) }
                }
            }
            let job = try #require(decision, "the documents queued the decision")
            let running = Task { await app.services.jobRunner.run(job) }
            await provider.waitForCall()

            #expect(try await client.send(.delete, "/v1/applicants/\(applicant)", key: key).status == .ok)
            await provider.release()
            await running.value

            let answers = try await app.admin("SELECT count(*) FROM applicant_checks WHERE kind = 'screening'")
            #expect(try answers[0].decode(column: 0, as: Int.self) == 0, "the answer naming the person was not kept")
            let calls = try await app.admin("SELECT count(*) FROM usage_events WHERE kind = 'screening_call'")
            #expect(try calls[0].decode(column: 0, as: Int.self) == 0)
            let verdict = try await app.admin("SELECT decision IS NULL AND erased_at IS NOT NULL FROM applicants")
            #expect(try verdict[0].decode(column: 0, as: Bool.self), "erased, with no verdict written after")
            #expect(try await app.eventCounts(applicant: applicant)["applicant.verified"] == nil)
            #expect(try await app.jobRows().isEmpty, "the job finished, neither retried nor dead")
        }
    }
}
