import Foundation
import HummingbirdTesting
import Testing
import VouchAPI
import VouchCore

@Suite("Verification pipeline: events")
struct PipelineEventTests {
    /// The counts of the pipeline's own event types (anything else the applicant gets is ignored).
    static func pipelineEvents(_ app: TestApp, applicant: String) async throws -> [String: Int] {
        let pipelineTypes: Set<String> = [
            "document.submitted", "document.verified", "document.rejected", "applicant.submitted", "applicant.processing",
            "applicant.verified", "applicant.rejected", "applicant.in_review", "review.completed",
        ]
        return try await app.eventCounts(applicant: applicant).filter { pipelineTypes.contains($0.key) }
    }

    @Test("each transition writes its event once: rejected, fixed, verified; running the queue again adds nothing")
    func rejectFixVerifyEvents() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key, profile: PipelineProfile())
            var documents = PipelineDocuments.valid(variant: 1)
            documents.selfie = PipelineUpload("SELFIE", PipelineSamples.statement(9))
            try await client.uploadDocuments(documents, applicant: applicant, key: key)
            #expect(try await Self.pipelineEvents(app, applicant: applicant) == ["document.submitted": 4, "applicant.submitted": 1])

            try await app.drainJobs()
            #expect(try await app.drainJobs() == 0)
            #expect(
                try await Self.pipelineEvents(app, applicant: applicant) == [
                    "document.submitted": 4, "applicant.submitted": 1, "document.verified": 3, "document.rejected": 1,
                ]
            )

            // The new selfie completes the set again: a second submission.
            let fixed = try await client.uploadDocument(PipelineDocuments.valid(variant: 1).selfie, applicant: applicant, key: key)
            #expect(fixed.status == .accepted)
            try await app.drainJobs()
            #expect(try await app.drainJobs() == 0)
            let expected = [
                "document.submitted": 5, "applicant.submitted": 2, "document.verified": 4, "document.rejected": 1,
                "applicant.processing": 1, "applicant.verified": 1,
            ]
            #expect(try await Self.pipelineEvents(app, applicant: applicant) == expected)

            let verdict = try await app.admin(
                "SELECT data ->> 'status' FROM events WHERE type = 'applicant.verified' AND data ->> 'applicant_id' = '\(applicant)'"
            )
            #expect(try verdict.first?.decode(column: 0, as: String.self) == "verified")
        }
    }

    @Test("an underage applicant gets applicant.rejected once")
    func rejectionEvents() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            #expect(try await client.putRules(#"{"minimum_age": 60}"#, key: key).status == .ok)
            let applicant = try await client.createApplicant(key: key, profile: PipelineProfile())
            try await client.uploadDocuments(.valid(variant: 1), applicant: applicant, key: key)
            try await app.drainJobs()
            try await app.drainJobs()
            #expect(
                try await Self.pipelineEvents(app, applicant: applicant) == [
                    "document.submitted": 4, "applicant.submitted": 1, "document.verified": 4, "applicant.processing": 1,
                    "applicant.rejected": 1,
                ]
            )
        }
    }

    @Test("review flow: in_review once, then review.completed and the verdict once; a document verified by the reviewer says so")
    func reviewEvents() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key, profile: PipelineProfile())
            var documents = PipelineDocuments.valid(variant: 1)
            documents.idFront = PipelineUpload("ID_FRONT", PipelineSamples.card(1, software: "Adobe Photoshop 2024"))
            try await client.uploadDocuments(documents, applicant: applicant, key: key)
            try await app.drainJobs()
            #expect(
                try await Self.pipelineEvents(app, applicant: applicant) == [
                    "document.submitted": 4, "applicant.submitted": 1, "document.verified": 3, "applicant.processing": 1,
                    "applicant.in_review": 1,
                ]
            )

            let review = try #require(try await client.openReviews(key: key).first?["id"] as? String)
            let decision = #"{"decision": "approve", "reason": "the edit is a crop"}"#
            #expect(try await client.send(.post, "/v1/reviews/\(review)/decision", key: key, json: decision).status == .ok)
            #expect(try await client.send(.post, "/v1/reviews/\(review)/decision", key: key, json: decision).status == .conflict)
            try await app.drainJobs()
            #expect(
                try await Self.pipelineEvents(app, applicant: applicant) == [
                    "document.submitted": 4, "applicant.submitted": 1, "document.verified": 4, "applicant.processing": 1,
                    "applicant.in_review": 1, "review.completed": 1, "applicant.verified": 1,
                ]
            )
            let completed = try await app.admin("SELECT subject_id::text, data ->> 'decision' FROM events WHERE type = 'review.completed'")
            #expect(try completed.first?.decode(column: 1, as: String.self) == "approve")
            #expect(ReviewID(review)?.uuid.uuidString.lowercased() == (try completed.first?.decode(column: 0, as: String.self)))
        }
    }
}
