import Foundation
import HummingbirdTesting
import Testing
import VouchCore

extension TestApp {
    /// A test-mode applicant of Acme's in review (its NOMATCH… document number makes test mode's
    /// regulator answer no_match), and its open case's id.
    func testModeApplicantInReview(_ client: some TestClientProtocol) async throws -> (applicant: String, review: String) {
        let key = acme.testKey
        let applicant = try await submittedApplicant(client, variant: 1, documentNumber: "NOMATCH01", key: key)
        try await drainJobs()
        let cases = try await client.send(.get, "/v1/reviews?status=open", key: key).json()["data"] as? [[String: Any]]
        return (applicant, try #require(cases?.first?["id"] as? String))
    }
}

/// The single-object reads a merchant reaches for after a webhook names an id.
@Suite("Objects by id")
struct ObjectLookupTests {
    @Test("GET /v1/events/{id} is the event the log lists; unknown and other tenants' ids are 404")
    func eventByID() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key)
            let listed = try #require((try await client.send(.get, "/v1/events", key: key).json()["data"] as? [[String: Any]])?.first)
            let id = try #require(listed["id"] as? String)
            let shown = try await client.send(.get, "/v1/events/\(id)", key: key)
            #expect(shown.status == .ok)
            let event = try shown.json()
            #expect(event["object"] as? String == "event")
            #expect(event["type"] as? String == "applicant.created")
            #expect(event["applicant_id"] as? String == applicant)
            #expect(NSDictionary(dictionary: event) == NSDictionary(dictionary: listed))
            #expect(try await client.send(.get, "/v1/events/\(id)", key: app.globex.apiKey).status == .notFound)
            #expect(try await client.send(.get, "/v1/events/\(EventID.generate())", key: key).status == .notFound)
            #expect(try await client.send(.get, "/v1/events/evt_nonsense", key: key).code == "not_found")
        }
    }

    @Test("GET /v1/reviews/{id} shows an open case, then the decided one")
    func reviewByID() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.testKey
            let (applicant, id) = try await app.testModeApplicantInReview(client)
            let open = try await client.send(.get, "/v1/reviews/\(id)", key: key).json()
            #expect(open["status"] as? String == "open")
            #expect(open["applicant_id"] as? String == applicant)
            #expect(open["livemode"] as? Bool == false)
            let decided = try await client.send(
                .post,
                "/v1/reviews/\(id)/decision",
                key: key,
                json: #"{"decision": "approve", "reason": "regulator record checked by hand"}"#
            )
            #expect(decided.status == .ok)
            let closed = try await client.send(.get, "/v1/reviews/\(id)", key: key).json()
            #expect(closed["status"] as? String == "closed")
            #expect(closed["decision"] as? String == "approve")
            #expect(try await client.send(.get, "/v1/reviews/\(id)", key: app.acme.apiKey).status == .notFound)
        }
    }
}

/// Working the review queue: assignment and notes.
@Suite("Review cases are worked by people")
struct ReviewWorkTests {
    @Test("a case is assigned, filtered by assignee, noted, and its notes go with an erasure")
    func assignAndNote() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.testKey
            let (applicant, id) = try await app.testModeApplicantInReview(client)
            let assigned = try await client.send(.post, "/v1/reviews/\(id)/assignment", key: key, json: #"{"assignee": " ana@acme.test "}"#)
            #expect(assigned.status == .ok)
            #expect(try assigned.json()["assignee"] as? String == "ana@acme.test")
            #expect(try assigned.json()["assigned_at"] is String)
            let mine = try await client.send(.get, "/v1/reviews?assignee=ana@acme.test", key: key).json()["data"] as? [[String: Any]]
            #expect(mine?.map { $0["id"] as? String } == [id])
            let others = try await client.send(.get, "/v1/reviews?assignee=bo@acme.test", key: key).json()["data"] as? [Any]
            #expect(others?.isEmpty == true)

            let note = try await client.send(
                .post,
                "/v1/reviews/\(id)/notes",
                key: key,
                json: #"{"body": "Called the registry: the card was reissued in May.", "author": "ana@acme.test"}"#
            )
            #expect(note.status == .created)
            #expect(try note.json()["object"] as? String == "review_note")
            let shown = try await client.send(.get, "/v1/reviews/\(id)", key: key).json()
            let notes = shown["notes"] as? [[String: Any]] ?? []
            #expect(notes.map { $0["body"] as? String } == ["Called the registry: the card was reissued in May."])
            #expect(notes.first?["author"] as? String == "ana@acme.test")
            #expect((notes.first?["created_by"] as? String)?.hasPrefix("key_") == true)

            for (path, body) in [
                ("assignment", #"{}"#), ("assignment", #"{"assignee": ""}"#), ("notes", #"{"body": "  "}"#),
                ("notes", #"{"body": "x", "mood": "tired"}"#),
            ] {
                let refused = try await client.send(.post, "/v1/reviews/\(id)/\(path)", key: key, json: body)
                #expect([.badRequest, .unprocessableContent].contains(refused.status), "\(path) \(body)")
            }
            let unassigned = try await client.send(.post, "/v1/reviews/\(id)/assignment", key: key, json: #"{"assignee": null}"#)
            #expect(try unassigned.json()["assignee"] is NSNull)
            let actions = try await client.send(.get, "/v1/audit-events", key: key).json()["data"] as? [[String: Any]] ?? []
            #expect(
                Set(actions.compactMap { $0["action"] as? String }).isSuperset(of: ["review.assigned", "review.noted", "review.unassigned"])
            )

            #expect(try await client.send(.delete, "/v1/applicants/\(applicant)", key: key).status == .ok)
            #expect(try await app.count("review_notes") == 0, "an erasure takes the notes about the person")
            #expect(
                try await client.send(.post, "/v1/reviews/\(id)/notes", key: app.acme.apiKey, json: #"{"body": "x"}"#).status == .notFound
            )
        }
    }
}

/// A rejection by the rules was final; a reviewer may now reopen it.
@Suite("Reopening a rejected applicant")
struct ReopenTests {
    @Test("a rejected applicant is reopened into a new case, and a reviewer's approval verifies it")
    func reopenRejected() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.testKey
            let rejected = try await app.submittedApplicant(client, variant: 1, lastName: "Sanctioned", key: key)
            try await app.drainJobs()
            #expect(try await client.applicantState(rejected, key: key) == "rejected")
            let reason = #"{"reason": "The match is a namesake: the birth date differs."}"#

            let reopened = try await client.send(.post, "/v1/applicants/\(rejected)/reopen", key: key, json: reason)
            #expect(reopened.status == .created, "\(String(buffer: reopened.body))")
            let review = try reopened.json()
            #expect(review["status"] as? String == "open")
            #expect(review["reasons"] as? [String] == ["reopened"])
            #expect((review["notes"] as? [[String: Any]])?.first?["body"] as? String == "The match is a namesake: the birth date differs.")
            #expect(try await client.applicantState(rejected, key: key) == "in_review")
            let again = try await client.send(.post, "/v1/applicants/\(rejected)/reopen", key: key, json: reason)
            #expect(again.code == "applicant_not_rejected", "it has an open case now")

            let id = try #require(review["id"] as? String)
            let decided = try await client.send(
                .post,
                "/v1/reviews/\(id)/decision",
                key: key,
                json: #"{"decision": "approve", "reason": "namesake"}"#
            )
            #expect(decided.status == .ok)
            #expect(try await client.applicantState(rejected, key: key) == "verified")
            let events = try await client.send(.get, "/v1/applicants/\(rejected)/events", key: key).json()["data"] as? [[String: Any]]
            let types = events?.compactMap { $0["type"] as? String } ?? []
            #expect(Array(types.suffix(3)) == ["applicant.in_review", "review.completed", "applicant.verified"], "\(types)")

            let unverified = try await client.createApplicant(key: key)
            #expect(
                try await client.send(.post, "/v1/applicants/\(unverified)/reopen", key: key, json: reason).code == "applicant_not_rejected"
            )
            #expect(
                try await client.send(.post, "/v1/applicants/\(rejected)/reopen", key: app.acme.apiKey, json: reason).status == .notFound
            )
        }
    }
}

/// A reviewer sends back one document instead of deciding the applicant.
@Suite("Rejecting one document from a review")
struct RejectDocumentTests {
    @Test("a reviewer rejects one document with reasons; the end user sees a retake and uploads only that one")
    func rejectOne() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.testKey
            let (applicant, review) = try await app.testModeApplicantInReview(client)
            let documents =
                try await client.send(.get, "/v1/applicants/\(applicant)/documents", key: key).json()["data"] as? [[String: Any]]
            let selfie = try #require(documents?.first { $0["doc_type"] as? String == "SELFIE" }?["id"] as? String)

            let missing = try await client.send(
                .post,
                "/v1/reviews/\(review)/decision",
                key: key,
                json: #"{"decision": "reject_document", "reason": "blurred", "document_id": "\#(selfie)"}"#
            )
            #expect(missing.code == "missing_field")
            let decided = try await client.send(
                .post,
                "/v1/reviews/\(review)/decision",
                key: key,
                json:
                    #"{"decision": "reject_document", "reason": "The face is blurred.", "document_id": "\#(selfie)", "rejection_reasons": ["image_blurry"]}"#
            )
            #expect(decided.status == .ok, "\(String(buffer: decided.body))")
            #expect(try decided.json()["decision"] as? String == "reject_document")
            let status = try await client.send(.get, "/v1/applicants/\(applicant)/status", key: key).json()
            #expect(status["status"] as? String == "unverified")
            let slot = (status["doc_status"] as? [[String: Any]])?.first { $0["doc_type"] as? String == "SELFIE" }
            #expect(slot?["doc_status"] as? String == "REJECTED")
            #expect(slot?["rejection_reasons"] as? [String] == ["image_blurry"])
            #expect(slot?["retake"] as? Bool == true)
            let others = (status["doc_status"] as? [[String: Any]])?.filter { $0["doc_type"] as? String != "SELFIE" }
            #expect(others?.allSatisfy { $0["doc_status"] as? String == "VERIFIED" } == true, "the others stand")

            // Only the selfie is uploaded again; the applicant is decided again (and, with its
            // NOMATCH document number, comes back to review in a new case).
            let retaken = try await client.uploadDocument(PipelineDocuments.valid(variant: 1).selfie, applicant: applicant, key: key)
            #expect(retaken.status == .accepted)
            try await app.drainJobs()
            #expect(try await client.applicantState(applicant, key: key) == "in_review")
            let cases = try await client.send(.get, "/v1/reviews?status=open", key: key).json()["data"] as? [[String: Any]]
            #expect(cases?.count == 1)
            #expect(cases?.first?["id"] as? String != review)
            let stale = try await client.send(
                .post,
                "/v1/reviews/\(try #require(cases?.first?["id"] as? String))/decision",
                key: key,
                json: #"{"decision": "reject_document", "reason": "x", "document_id": "\#(selfie)", "rejection_reasons": ["image_blurry"]}"#
            )
            #expect(stale.code == "invalid_field", "the first selfie is no longer the current one")
        }
    }
}
