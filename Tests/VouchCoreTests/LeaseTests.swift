import Foundation
import Testing

@testable import VouchCore

/// Leases measured against a clock the test moves: a claim held past its lease comes back to the
/// queue, and its first holder can no longer finish it.
@Suite("leases")
struct LeaseTests {
    @Test("a job's lease ends when the clock passes it, not before")
    func jobLeaseExpires() async throws {
        try await CoreDatabase.with { db in
            let time = ManualTime()
            let queue = JobRepository(database: db.unscoped, clock: time.clock)
            let applicant = ApplicantID.generate()
            try await db.scoped.transaction(db.tenant) { tx in
                try JobRepository.enqueue(tx, tenant: db.tenant, task: .decideApplicant(applicant), now: time.now)
            }

            let held = try #require(try await queue.claim(worker: "first", limit: 5, lease: .seconds(60)).first)
            #expect(held.task == .decideApplicant(applicant))
            #expect(held.attempt == 1)

            time.advance(by: 59)
            #expect(try await queue.recoverExpired() == 0, "the lease has a second left")
            #expect(try await queue.claim(worker: "second", limit: 5, lease: .seconds(60)).isEmpty)

            time.advance(by: 2)
            #expect(try await queue.recoverExpired() == 1)
            let taken = try #require(try await queue.claim(worker: "second", limit: 5, lease: .seconds(60)).first)
            #expect(taken.id == held.id)
            #expect(taken.attempt == 2)
            #expect(taken.task == held.task)

            await #expect(throws: JobLeaseLost.self) { try await queue.finish(held) }
            try await queue.finish(taken)
            #expect(try await queue.counts().isEmpty, "the finished job is gone")
        }
    }

    @Test("a job whose last try's lease ends is dead")
    func jobDeadAfterLastLease() async throws {
        try await CoreDatabase.with { db in
            let time = ManualTime()
            let queue = JobRepository(database: db.unscoped, clock: time.clock)
            try await db.scoped.transaction(db.tenant) { tx in
                try JobRepository.enqueue(tx, tenant: db.tenant, task: .checkDocument(DocumentID.generate()), now: time.now)
            }
            var attempts: [Int] = []
            while let job = try await queue.claim(worker: "vanishing", limit: 1, lease: .seconds(30)).first {
                attempts.append(job.attempt)
                time.advance(by: 31)
                #expect(try await queue.recoverExpired() == 1)
                if attempts.count > 20 { break }
            }
            let maximum = try #require(attempts.last)
            #expect(attempts == Array(1...maximum), "each lease that ended counted as a try")
            #expect(try await queue.counts() == [.dead: 1])
        }
    }

    @Test("a webhook delivery's lease ends when the clock passes it")
    func deliveryLeaseExpires() async throws {
        try await CoreDatabase.with { db in
            let time = ManualTime()
            let webhooks = WebhookRepository(database: db.scoped, keyring: db.keyring)
            let applicant = try await ApplicantRepository(database: db.scoped, keyring: db.keyring).create(
                tenant: db.tenant,
                profile: ApplicantProfile(externalUserID: "lease")
            )
            _ = try await webhooks.create(tenant: db.tenant, url: "https://receiver.example/hook", description: "", eventTypes: [])
            try await db.scoped.transaction(db.tenant) { tx in
                try EventRepository.append(
                    tx,
                    tenant: db.tenant,
                    type: .applicantCreated,
                    subject: applicant.id.uuid,
                    applicant: applicant.id,
                    data: .object([:]),
                    now: time.now
                )
            }
            func claim(_ worker: String) async throws -> [ClaimedDelivery] {
                try await WebhookRepository.claim(db.unscoped, worker: worker, limit: 5, lease: .seconds(60), clock: time.clock)
            }
            func recover() async throws -> Int {
                try await WebhookRepository.recoverExpired(db.unscoped, maximumAttempts: 2, clock: time.clock)
            }

            let held = try #require(try await claim("first").first)
            #expect(held.attempt == 1)
            #expect(held.tenant == db.tenant)

            time.advance(by: 59)
            #expect(try await recover() == 0)
            #expect(try await claim("second").isEmpty, "a delivery under lease is not claimed twice")

            time.advance(by: 2)
            #expect(try await recover() == 1)
            let taken = try #require(try await claim("second").first)
            #expect(taken.id == held.id)
            #expect(taken.attempt == 2)

            // Its second lease ends too: claimed as often as it may be, it is dead, not retried.
            time.advance(by: 61)
            #expect(try await recover() == 1)
            #expect(try await claim("third").isEmpty)
        }
    }

    @Test("the database clock is the default, and claims nothing that is not yet due")
    func databaseClock() async throws {
        try await CoreDatabase.with { db in
            let queue = JobRepository(database: db.unscoped)
            try await db.scoped.transaction(db.tenant) { tx in
                try JobRepository.enqueue(tx, tenant: db.tenant, task: .decideApplicant(ApplicantID.generate()), now: Date() + 3600)
            }
            #expect(try await queue.claim(worker: "early", limit: 5, lease: .seconds(60)).isEmpty)
            let later = ManualTime(Date() + 3601)
            let due = try await JobRepository(database: db.unscoped, clock: later.clock).claim(
                worker: "later",
                limit: 5,
                lease: .seconds(60)
            )
            #expect(due.count == 1)
        }
    }
}
