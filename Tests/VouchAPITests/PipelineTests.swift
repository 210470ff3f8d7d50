import Foundation
import HummingbirdTesting
import TestSupport
import Testing
import VouchAPI
import VouchCore

/// A document that must be rejected, and the reason code it must be rejected with.
struct RejectionCase: Sendable, CustomTestStringConvertible {
    var name: String
    var upload: PipelineUpload
    var reason: String

    var testDescription: String { name }

    static let all: [RejectionCase] = [
        RejectionCase(
            name: "a card photographed too small",
            upload: PipelineUpload("ID_FRONT", PipelineSamples.card(1, width: 320, height: 200)),
            reason: "resolution_too_low"
        ),
        RejectionCase(
            name: "a truncated JPEG",
            upload: PipelineUpload("SELFIE", PipelineSamples.truncatedCard(1)),
            reason: "file_truncated"
        ),
        RejectionCase(
            name: "a zone with a wrong check digit",
            upload: PipelineUpload(
                "ID_BACK",
                PipelineSamples.card(1),
                mrz: PipelineSamples.withBadDocumentNumberCheckDigit(PipelineSamples.zone(1))
            ),
            reason: "mrz_document_number_check_digit_invalid"
        ),
        RejectionCase(
            name: "an expired card",
            upload: PipelineUpload("ID_BACK", PipelineSamples.card(1), mrz: PipelineSamples.zone(1, expiry: "200101")),
            reason: "document_expired"
        ),
        RejectionCase(
            name: "a card in someone else's name",
            upload: PipelineUpload("ID_BACK", PipelineSamples.card(1), mrz: PipelineSamples.zone(1, surname: "SMITH", givenNames: "JOHN")),
            reason: "name_mismatch"
        ),
        RejectionCase(
            name: "a card with another birth date",
            upload: PipelineUpload("ID_BACK", PipelineSamples.card(1), mrz: PipelineSamples.zone(1, birth: "850101")),
            reason: "birth_date_mismatch"
        ),
        RejectionCase(
            name: "a proof of address issued 200 days ago",
            upload: PipelineUpload("PROOF_OF_ADDRESS", PipelineSamples.statement(1), fields: ["issue_date": PipelineDates.daysAgo(200)]),
            reason: "proof_of_address_too_old"
        ),
        RejectionCase(
            name: "a proof of address without an issue date",
            upload: PipelineUpload("PROOF_OF_ADDRESS", PipelineSamples.statement(1)),
            reason: "issue_date_missing"
        ),
        RejectionCase(
            name: "a proof of address issued in the future",
            upload: PipelineUpload("PROOF_OF_ADDRESS", PipelineSamples.statement(1), fields: ["issue_date": PipelineDates.daysAgo(-30)]),
            reason: "issue_date_invalid"
        ),
        RejectionCase(
            name: "a selfie that is a PDF",
            upload: PipelineUpload("SELFIE", PipelineSamples.statement(1)),
            reason: "file_type_not_allowed"
        ),
    ]
}

@Suite("Verification pipeline: documents")
struct PipelineTests {
    @Test("a document is SUBMITTED on upload, PROCESSING while checked, VERIFIED once checked")
    func documentPassesThroughEveryStatus() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key, profile: PipelineProfile())
            let uploaded = try await client.uploadDocument(PipelineDocuments.valid(variant: 1).idFront, applicant: applicant, key: key)
            #expect(uploaded.status == .accepted)
            let id = try uploaded.json()["id"] as? String ?? ""
            #expect(try uploaded.json()["status"] as? String == "SUBMITTED")
            #expect(try await client.fetchDocument(id, key: key)["status"] as? String == "SUBMITTED")

            // Hold the job's row: the worker marks the document PROCESSING, checks it, then waits
            // to complete the job in the transaction that writes the verdict.
            let job = try #require(try await app.services.jobs.claim(worker: "worker", limit: 1, lease: .seconds(60)).first)
            let lock = try HeldRowLock(databaseURL: app.database.adminURL, locking: "SELECT 1 FROM jobs WHERE id = '\(job.id)' FOR UPDATE")
            let running = Task { await app.services.jobRunner.run(job) }
            let processing = try await eventually {
                try await client.fetchDocument(id, key: key)["status"] as? String == "PROCESSING"
            }
            #expect(processing)
            #expect(try await client.documentStates(applicant, key: key)["ID_FRONT"] == "PROCESSING")
            try await app.waitUntilBlocked(sessions: 1)
            #expect(try await client.fetchDocument(id, key: key)["status"] as? String == "PROCESSING", "the verdict waits for its commit")
            try lock.release()
            await running.value

            let document = try await client.fetchDocument(id, key: key)
            #expect(document["status"] as? String == "VERIFIED")
            #expect(document["rejection_reasons"] as? [String] == [])
            #expect(try await app.eventCounts(applicant: applicant)["document.verified"] == 1)
            #expect(try await app.count("jobs") == 0)
        }
    }

    @Test("a bad document is rejected with its reason", arguments: RejectionCase.all)
    func rejectsDocument(_ rejection: RejectionCase) async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key, profile: PipelineProfile())
            let uploaded = try await client.uploadDocument(rejection.upload, applicant: applicant, key: key)
            #expect(uploaded.status == .accepted, "\(String(buffer: uploaded.body))")
            let id = try uploaded.json()["id"] as? String ?? ""
            #expect(try await client.fetchDocument(id, key: key)["status"] as? String == "SUBMITTED")

            try await app.drainJobs()
            let document = try await client.fetchDocument(id, key: key)
            #expect(document["status"] as? String == "REJECTED")
            let reasons = document["rejection_reasons"] as? [String] ?? []
            #expect(reasons.contains(rejection.reason), "\(reasons)")
            #expect(try await client.applicantState(applicant, key: key) == "unverified")

            let events = try await app.admin(
                "SELECT data::text FROM events WHERE type = 'document.rejected' AND data ->> 'document_id' = '\(id)'"
            )
            #expect(events.count == 1)
            let data = try events.first?.decode(column: 0, as: String.self) ?? ""
            #expect(data.contains("\"\(rejection.reason)\""), "the event carries the reason: \(data)")
        }
    }

    @Test("a rejected document leaves the applicant unverified; a fixed version makes it verified")
    func fixedDocumentVerifiesApplicant() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key, profile: PipelineProfile())
            var documents = PipelineDocuments.valid(variant: 1)
            documents.idFront = PipelineUpload("ID_FRONT", PipelineSamples.card(1, width: 320, height: 200))
            try await client.uploadDocuments(documents, applicant: applicant, key: key)
            try await app.drainJobs()

            #expect(try await client.applicantState(applicant, key: key) == "unverified")
            let states = try await client.documentStates(applicant, key: key)
            #expect(states == ["ID_FRONT": "REJECTED", "ID_BACK": "VERIFIED", "PROOF_OF_ADDRESS": "VERIFIED", "SELFIE": "VERIFIED"])
            #expect(
                try await app.eventCounts(applicant: applicant)["applicant.processing"] == nil,
                "no decision while a document is rejected"
            )

            let fixed = try await client.uploadDocument(PipelineUpload("ID_FRONT", PipelineSamples.card(1)), applicant: applicant, key: key)
            #expect(fixed.status == .accepted)
            #expect(try fixed.json()["version"] as? Int == 2)
            #expect(try await client.applicantState(applicant, key: key) == "processing")
            try await app.drainJobs()

            #expect(try await client.applicantState(applicant, key: key) == "verified")
            let history = try await client.send(.get, "/v1/applicants/\(applicant)/documents/ID_FRONT/history", key: key).json()
            let versions = history["data"] as? [[String: Any]] ?? []
            #expect(versions.map { $0["status"] as? String } == ["VERIFIED", "REJECTED"])
            #expect(versions.last?["rejection_reasons"] as? [String] == ["resolution_too_low"])
        }
    }

    @Test("a document still being checked cannot be replaced, and its check completes normally")
    func replacingDocumentInProgressIsRefused() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key, profile: PipelineProfile())
            let upload = PipelineDocuments.valid(variant: 1).idFront
            let first = try await client.uploadDocument(upload, applicant: applicant, key: key)
            let id = try first.json()["id"] as? String ?? ""

            let whileSubmitted = try await client.uploadDocument(upload, applicant: applicant, key: key)
            #expect(whileSubmitted.status == .conflict)
            #expect(whileSubmitted.code == "document_not_replaceable")

            // Where a worker's first transaction leaves it: PROCESSING, the job still to finish.
            _ = try await app.admin("UPDATE documents SET status = 'PROCESSING'")
            let whileProcessing = try await client.uploadDocument(
                PipelineUpload("ID_FRONT", PipelineSamples.card(2)),
                applicant: applicant,
                key: key
            )
            #expect(whileProcessing.status == .conflict)
            #expect(whileProcessing.code == "document_not_replaceable")
            try await app.drainJobs()

            let document = try await client.fetchDocument(id, key: key)
            #expect(document["status"] as? String == "VERIFIED")
            #expect(document["version"] as? Int == 1)
            let history = try await client.send(.get, "/v1/applicants/\(applicant)/documents/ID_FRONT/history", key: key).json()
            #expect((history["data"] as? [Any])?.count == 1)
            let counts = try await app.eventCounts(applicant: applicant)
            #expect(counts["document.submitted"] == 1)
            #expect(counts["document.verified"] == 1)

            let afterVerified = try await client.uploadDocument(upload, applicant: applicant, key: key)
            #expect(afterVerified.code == "document_not_replaceable", "a VERIFIED document is final too")
        }
    }

    @Test("an upload racing the verdict's transaction waits for it, then is refused; the verdict stands")
    func uploadRacingTheVerdictIsRefused() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key, profile: PipelineProfile())
            let first = try await client.uploadDocument(PipelineDocuments.valid(variant: 1).idFront, applicant: applicant, key: key)
            let id = try first.json()["id"] as? String ?? ""

            let job = try #require(try await app.services.jobs.claim(worker: "worker", limit: 1, lease: .seconds(60)).first)
            let lock = try HeldRowLock(databaseURL: app.database.adminURL, locking: "SELECT 1 FROM jobs WHERE id = '\(job.id)' FOR UPDATE")
            let running = Task { await app.services.jobRunner.run(job) }
            #expect(try await eventually { try await client.fetchDocument(id, key: key)["status"] as? String == "PROCESSING" })
            // The worker reaches the held job row inside its transaction (reading the card first
            // takes a while on a loaded machine); only then does the upload race it.
            try await app.waitUntilBlocked(sessions: 1)
            let replacement = PipelineUpload("ID_FRONT", PipelineSamples.card(2))
            let racing = Task { try await client.uploadDocument(replacement, applicant: applicant, key: key) }
            // The worker waits for the held job row, the upload for the worker's transaction.
            try await app.waitUntilBlocked(sessions: 2)
            try lock.release()
            await running.value
            let refused = try await racing.value
            #expect(refused.status == .conflict)
            #expect(refused.code == "document_not_replaceable")

            #expect(try await client.fetchDocument(id, key: key)["status"] as? String == "VERIFIED")
            let history = try await client.send(.get, "/v1/applicants/\(applicant)/documents/ID_FRONT/history", key: key).json()
            #expect((history["data"] as? [Any])?.count == 1)
            #expect(try await app.eventCounts(applicant: applicant)["document.verified"] == 1)
        }
    }
}
