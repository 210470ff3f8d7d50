import Foundation
import HummingbirdTesting
import Postgres
import TestSupport
import Testing
import VouchAPI
import VouchCore

@Suite("Job queue under faults")
struct JobQueueTests {
    /// Claims every ready job for `worker`, which then never finishes them, and moves the app's
    /// lease clock past the lease.
    static func claimAndAbandon(_ app: TestApp, worker: String, limit: Int = 100) async throws -> [ClaimedJob] {
        let jobs = try await app.services.jobs.claim(worker: worker, limit: limit, lease: .seconds(60))
        app.leaseTime.skip(120)
        return jobs
    }

    @Test("a worker killed mid-job: the lease expires, the job comes back, and the work is done exactly once")
    func killedWorker() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key, profile: PipelineProfile())
            try await client.uploadDocuments(.valid(variant: 1), applicant: applicant, key: key)
            let abandoned = try await Self.claimAndAbandon(app, worker: "killed")
            #expect(abandoned.count == 4)
            // The worker got as far as marking one document PROCESSING before it died.
            _ = try await app.admin("UPDATE documents SET status = 'PROCESSING' WHERE doc_type = 'ID_FRONT'")
            #expect(try await client.documentStates(applicant, key: key)["ID_FRONT"] == "PROCESSING")
            #expect(try await app.drainJobs() == 0, "a leased job is not claimed again before it is recovered")

            #expect(try await app.services.jobs.recoverExpired() == 4)
            let requeued = try await app.jobRows()
            #expect(requeued.allSatisfy { $0.state == "queued" && $0.attempts == 1 && $0.lastError == "lease expired" }, "\(requeued)")
            try await app.drainJobs()
            try await app.drainJobs()

            #expect(try await client.applicantState(applicant, key: key) == "verified")
            let counts = try await app.eventCounts(applicant: applicant)
            #expect(counts["document.verified"] == 4)
            #expect(counts["applicant.processing"] == 1)
            #expect(counts["applicant.verified"] == 1)
            let decisions: Int = try await app.admin("SELECT count(*) FROM applicant_checks WHERE kind = 'decision'")[0].decode(column: 0)
            #expect(decisions == 1)
            #expect(try await app.count("jobs") == 0)
        }
    }

    @Test("a worker whose lease passed to another cannot write its result, before or after the other finishes")
    func lostLeaseDocumentCheck() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key, profile: PipelineProfile())
            let uploaded = try await client.uploadDocument(PipelineDocuments.valid(variant: 1).idFront, applicant: applicant, key: key)
            let document = try uploaded.json()["id"] as? String ?? ""

            let slow = try #require(try await Self.claimAndAbandon(app, worker: "worker-a").first)
            #expect(try await app.services.jobs.recoverExpired() == 1)
            let taker = try #require(try await app.services.jobs.claim(worker: "worker-b", limit: 1, lease: .seconds(60)).first)
            #expect(taker.id == slow.id)
            #expect(taker.attempt == 2)

            // A wakes up while B holds the job: its verdict is rolled back.
            await app.services.jobRunner.run(slow)
            #expect(try await client.fetchDocument(document, key: key)["status"] as? String == "PROCESSING")
            #expect(try await app.eventCounts(applicant: applicant)["document.verified"] == nil)
            #expect(try await app.jobRows().map(\.state) == ["running"], "B still holds the job")

            await app.services.jobRunner.run(taker)
            #expect(try await client.fetchDocument(document, key: key)["status"] as? String == "VERIFIED")
            // And A running once more, after B finished, changes nothing either.
            await app.services.jobRunner.run(slow)
            #expect(try await app.eventCounts(applicant: applicant)["document.verified"] == 1)
            #expect(try await app.count("jobs") == 0)
        }
    }

    @Test("a decision whose lease was lost is not written; the new holder's is, once")
    func lostLeaseDecision() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key, profile: PipelineProfile())
            try await client.uploadDocuments(.valid(variant: 1), applicant: applicant, key: key)
            let checks = try await app.services.jobs.claim(worker: "worker", limit: 10, lease: .seconds(60))
            #expect(checks.count == 4)
            for job in checks { await app.services.jobRunner.run(job) }

            let slow = try #require(try await Self.claimAndAbandon(app, worker: "worker-a").first)
            #expect(slow.kind == .decideApplicant)
            #expect(try await app.services.jobs.recoverExpired() == 1)
            let taker = try #require(try await app.services.jobs.claim(worker: "worker-b", limit: 1, lease: .seconds(60)).first)
            await app.services.jobRunner.run(slow)
            #expect(try await client.applicantState(applicant, key: key) == "processing")
            #expect(try await app.eventCounts(applicant: applicant)["applicant.verified"] == nil)

            await app.services.jobRunner.run(taker)
            await app.services.jobRunner.run(slow)
            #expect(try await client.applicantState(applicant, key: key) == "verified")
            #expect(try await app.eventCounts(applicant: applicant)["applicant.verified"] == 1)
            let decisions: Int = try await app.admin("SELECT count(*) FROM applicant_checks WHERE kind = 'decision'")[0].decode(column: 0)
            #expect(decisions == 1)
        }
    }

    @Test("a job that keeps failing is retried, then left dead and visible with its error")
    func failingJobDies() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key, profile: PipelineProfile())
            let uploaded = try await client.uploadDocument(PipelineDocuments.valid(variant: 1).idFront, applicant: applicant, key: key)
            let document = try uploaded.json()["id"] as? String ?? ""
            _ = try await app.admin("UPDATE jobs SET max_attempts = 2")
            // The sealed bytes no longer open: every try fails.
            _ = try await app.admin("UPDATE document_files SET sealed = decode(repeat('ab', 80), 'hex')")

            let before = Date().timeIntervalSince1970
            #expect(try await app.drainJobs() == 1)
            let after = Date().timeIntervalSince1970
            var jobs = try await app.jobRows()
            #expect(jobs.count == 1)
            #expect(jobs.first?.state == "queued", "one try left: retried later")
            #expect(jobs.first?.attempts == 1)
            #expect(jobs.first?.lastError?.isEmpty == false)
            // The failed try set run_at to its own time plus the backoff (1 s, jittered to
            // 0.5–1 s); the try happened during the drain. (updated_at is no measure: a retry
            // that came due while a loaded drain was still running is claimed and handed back.)
            let runAt = try await app.admin("SELECT extract(epoch FROM run_at)::float8 FROM jobs")[0].decode(column: 0, as: Double.self)
            #expect(
                runAt >= before + 0.5 && runAt <= after + 1.0,
                "the retry waits for its backoff: \(runAt - before) s after the drain began"
            )

            _ = try await app.admin("UPDATE jobs SET run_at = now()")
            #expect(try await app.drainJobs() == 1)
            jobs = try await app.jobRows()
            #expect(jobs.first?.state == "dead")
            #expect(jobs.first?.attempts == 2)
            let lastError = jobs.first?.lastError ?? ""
            #expect(!lastError.isEmpty)
            #expect(!lastError.contains("ab"), "the error names the failure, not the data: \(lastError)")
            #expect(try await app.drainJobs() == 0, "a dead job is never claimed")
            #expect(try await app.services.jobs.counts()[.dead] == 1)

            let counts = try await app.eventCounts(applicant: applicant)
            #expect(counts["document.verified"] == nil && counts["document.rejected"] == nil)
            #expect(try await client.fetchDocument(document, key: key)["status"] as? String != "VERIFIED")
        }
    }

    @Test("a job whose lease expires on its last try is dead, not retried")
    func expiredLastTryDies() async throws {
        try await TestApp.withApp { app, client in
            let applicant = try await client.createApplicant(key: app.acme.apiKey, profile: PipelineProfile())
            _ = try await client.uploadDocument(PipelineDocuments.valid(variant: 1).selfie, applicant: applicant, key: app.acme.apiKey)
            _ = try await app.admin("UPDATE jobs SET max_attempts = 1")
            #expect(try await Self.claimAndAbandon(app, worker: "killed").count == 1)
            #expect(try await app.services.jobs.recoverExpired() == 1)
            let jobs = try await app.jobRows()
            #expect(jobs.map(\.state) == ["dead"])
            #expect(jobs.first?.lastError == "lease expired")
            #expect(try await app.drainJobs() == 0)
        }
    }

    @Test("lower priority numbers are claimed first, across tenants; equal priorities in order of arrival")
    func priorities() async throws {
        try await TestApp.withApp { app, _ in
            let batch = UUID.version7()
            let laterBatch = UUID.version7()
            let interactive = UUID.version7()
            let otherTenant = UUID.version7()
            let database = app.services.database
            let acme = app.acme.id
            let globex = app.globex.id
            let now = Date().addingTimeInterval(-1)
            try await database.transaction(acme) { tx in
                try JobRepository.enqueue(tx, tenant: acme, task: .decideApplicant(ApplicantID(uuid: batch)), priority: 10, now: now)
                try JobRepository.enqueue(
                    tx,
                    tenant: acme,
                    task: .decideApplicant(ApplicantID(uuid: laterBatch)),
                    priority: 10,
                    now: now + 0.1
                )
                try JobRepository.enqueue(
                    tx,
                    tenant: acme,
                    task: .checkDocument(DocumentID(uuid: interactive)),
                    priority: 0,
                    now: now + 0.2
                )
            }
            try await database.transaction(globex) { tx in
                try JobRepository.enqueue(
                    tx,
                    tenant: globex,
                    task: .checkDocument(DocumentID(uuid: otherTenant)),
                    priority: 5,
                    now: now + 0.3
                )
            }
            var order: [UUID] = []
            while let job = try await app.services.jobs.claim(worker: "worker", limit: 1, lease: .seconds(60)).first {
                switch job.task {
                case .checkDocument(let document): order.append(document.uuid)
                case .decideApplicant(let applicant), .screenApplicant(let applicant), .answerTestRegulator(let applicant):
                    order.append(applicant.uuid)
                case .monitorApplicants(let run): order.append(run.uuid)
                }
            }
            #expect(order == [interactive, otherTenant, batch, laterBatch])

            // Enqueueing what already waits is a no-op.
            try await database.transaction(acme) { tx in
                try JobRepository.enqueue(tx, tenant: acme, task: .checkDocument(DocumentID(uuid: batch)), now: now)
                try JobRepository.enqueue(tx, tenant: acme, task: .checkDocument(DocumentID(uuid: batch)), now: now)
            }
            #expect(try await app.jobRows().filter { $0.state == "queued" }.count == 1)
        }
    }

    @Test("workers inside the server process uploads by themselves")
    func realWorkers() async throws {
        try await TestApp.withApp(role: .all) { app, client in
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key, profile: PipelineProfile())
            try await client.uploadDocuments(.valid(variant: 1), applicant: applicant, key: key)
            let verified = try await eventually(timeout: .seconds(10)) {
                try await client.applicantState(applicant, key: key) == "verified"
            }
            #expect(verified)
            #expect(try await eventually(timeout: .seconds(5)) { try await app.count("jobs") == 0 })
            let counts = try await app.eventCounts(applicant: applicant)
            #expect(counts["document.verified"] == 4)
            #expect(counts["applicant.verified"] == 1)

            let rejected = try await client.createApplicant(key: key, profile: PipelineProfile())
            var documents = PipelineDocuments.valid(variant: 2)
            documents.selfie = PipelineUpload("SELFIE", PipelineSamples.statement(2))
            try await client.uploadDocuments(documents, applicant: rejected, key: key)
            #expect(try await eventually { try await client.documentStates(rejected, key: key)["SELFIE"] == "REJECTED" })
            #expect(try await client.applicantState(rejected, key: key) == "unverified")
        }
    }
}
