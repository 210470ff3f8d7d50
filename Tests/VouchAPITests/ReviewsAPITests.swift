import Foundation
import HummingbirdTesting
import Testing
import VouchAPI
import VouchCore

@Suite("Reviews API")
struct ReviewsAPITests {
    /// An applicant whose front photo was saved by Photoshop, decided (in review); returns its id.
    static func applicantInReview(_ app: TestApp, _ client: some TestClientProtocol, variant: Int = 1, key: String? = nil) async throws
        -> String
    {
        let key = key ?? app.acme.apiKey
        let applicant = try await client.createApplicant(key: key, profile: PipelineProfile())
        var documents = PipelineDocuments.valid(variant: variant)
        documents.idFront = PipelineUpload("ID_FRONT", PipelineSamples.card(variant, software: "Adobe Photoshop 2024"))
        try await client.uploadDocuments(documents, applicant: applicant, key: key)
        try await app.drainJobs()
        #expect(try await client.applicantState(applicant, key: key) == "in_review")
        return applicant
    }

    static func decide(_ client: some TestClientProtocol, review: String, body: String, key: String) async throws -> TestResponse {
        try await client.send(.post, "/v1/reviews/\(review)/decision", key: key, json: body)
    }

    @Test("the open case lists its reasons; approving verifies the applicant and its documents, once")
    func approve() async throws {
        try await TestApp.withApp { app, client in
            let reviewer = try await app.issueKey([.reviewsManage, .applicantsRead])
            let applicant = try await Self.applicantInReview(app, client)

            let listed = try await client.send(.get, "/v1/reviews?status=open", key: reviewer.secret)
            #expect(listed.status == .ok)
            let cases = try listed.json()["data"] as? [[String: Any]] ?? []
            #expect(cases.count == 1)
            let open = try #require(cases.first)
            let id = try #require(open["id"] as? String)
            #expect(id.hasPrefix("rev_"))
            #expect(open["object"] as? String == "review")
            #expect(open["applicant_id"] as? String == applicant)
            #expect(open["status"] as? String == "open")
            #expect(open["decision"] is NSNull)
            #expect(Set(open["reasons"] as? [String] ?? []) == ["editing_software_detected", "document_in_review"])

            let decided = try await Self.decide(
                client,
                review: id,
                body: #"{"decision": "approve", "reason": "cropped, not altered"}"#,
                key: reviewer.secret
            )
            #expect(decided.status == .ok, "\(String(buffer: decided.body))")
            let review = try decided.json()
            #expect(review["status"] as? String == "closed")
            #expect(review["decision"] as? String == "approve")
            #expect(review["decision_reason"] as? String == "cropped, not altered")
            #expect(review["decided_by"] as? String == reviewer.record.id.description)
            #expect(review["decided_at"] is String)

            #expect(try await client.applicantState(applicant, key: reviewer.secret) == "verified")
            let states = try await client.documentStates(applicant, key: reviewer.secret)
            #expect(states.values.allSatisfy { $0 == "VERIFIED" }, "\(states)")
            let events = try await app.eventCounts(applicant: applicant)
            #expect(events["document.verified"] == 4, "the reviewer's verification of the front is announced: \(events)")
            #expect(events["review.completed"] == 1)
            let decision = try await client.fetchChecks(applicant, key: reviewer.secret)["decision_result"] as? [String: Any]
            #expect(decision?["status"] as? String == "verified")
            #expect((decision?["result"] as? [String: Any])?["reviewer_key_id"] as? String == reviewer.record.id.description)

            let again = try await Self.decide(
                client,
                review: id,
                body: #"{"decision": "reject", "reason": "changed my mind"}"#,
                key: reviewer.secret
            )
            #expect(again.status == .conflict)
            #expect(again.code == "review_closed")
            #expect(try await client.applicantState(applicant, key: reviewer.secret) == "verified", "a closed case stays decided")

            #expect(try await client.openReviews(key: reviewer.secret).isEmpty)
            let closed = try await client.send(.get, "/v1/reviews?status=closed", key: reviewer.secret).json()["data"] as? [[String: Any]]
            #expect(closed?.map { $0["id"] as? String } == [id])
            let all = try await client.send(.get, "/v1/reviews", key: reviewer.secret).json()["data"] as? [Any]
            #expect(all?.count == 1)
        }
    }

    @Test("rejecting makes the applicant rejected, and it takes no more documents")
    func reject() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await Self.applicantInReview(app, client)
            let id = try #require(try await client.openReviews(key: key).first?["id"] as? String)
            let decided = try await Self.decide(client, review: id, body: #"{"decision": "reject", "reason": "forged card"}"#, key: key)
            #expect(decided.status == .ok)
            #expect(try decided.json()["decision"] as? String == "reject")
            #expect(try await client.applicantState(applicant, key: key) == "rejected")
            let checks = try await client.fetchChecks(applicant, key: key)
            #expect(checks["decision_reasons"] as? [String] == ["review_rejected"])
            #expect(try await app.eventCounts(applicant: applicant)["applicant.rejected"] == 1)
            let upload = try await client.uploadDocument(
                PipelineUpload("ID_FRONT", PipelineSamples.card(5)),
                applicant: applicant,
                key: key
            )
            #expect(upload.code == "applicant_rejected")
        }
    }

    @Test("bad decisions are refused with stable codes, and leave the case open")
    func badBodies() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await Self.applicantInReview(app, client)
            let id = try #require(try await client.openReviews(key: key).first?["id"] as? String)
            let cases: [(body: String, status: Int, code: String)] = [
                (#"{"decision": "maybe", "reason": "unsure"}"#, 422, "invalid_field"),
                (#"{"decision": "approve", "reason": "fine", "notify": true}"#, 400, "unknown_field"),
                (#"{"decision": "approve"}"#, 422, "missing_field"),
                (#"{"decision": "approve", "reason": "   "}"#, 422, "invalid_field"),
                (#"{"decision": 1, "reason": "fine"}"#, 422, "invalid_field"),
                (#"{"decision": "approve", "reason": "#, 400, "malformed_json"),
                ("", 400, "empty_body"),
            ]
            for bad in cases {
                let response = try await Self.decide(client, review: id, body: bad.body, key: key)
                #expect(response.status.code == bad.status, "\(bad.body)")
                #expect(response.code == bad.code, "\(bad.body): \(String(buffer: response.body))")
            }
            #expect(try await client.openReviews(key: key).count == 1)
            #expect(try await client.applicantState(applicant, key: key) == "in_review")
            let badStatus = try await client.send(.get, "/v1/reviews?status=pending", key: key)
            #expect(badStatus.status == .unprocessableContent)
            #expect(badStatus.code == "invalid_field")
        }
    }

    @Test("another tenant's case is not found and not listed; reviews:manage is required")
    func isolationAndScope() async throws {
        try await TestApp.withApp { app, client in
            let applicant = try await Self.applicantInReview(app, client)
            let id = try #require(try await client.openReviews(key: app.acme.apiKey).first?["id"] as? String)
            let approve = #"{"decision": "approve", "reason": "fine"}"#

            #expect(try await client.openReviews(key: app.globex.apiKey).isEmpty)
            let foreign = try await Self.decide(client, review: id, body: approve, key: app.globex.apiKey)
            #expect(foreign.status == .notFound)
            #expect(foreign.code == "not_found")
            let unknown = try await Self.decide(client, review: "rev_\(UUID.version7().compactHex)", body: approve, key: app.acme.apiKey)
            #expect(unknown.status == .notFound)
            let garbage = try await Self.decide(client, review: "not-an-id", body: approve, key: app.acme.apiKey)
            #expect(garbage.status == .notFound)

            let narrow = try await app.issueKey([.applicantsRead, .applicantsWrite, .rulesManage])
            let listed = try await client.send(.get, "/v1/reviews?status=open", key: narrow.secret)
            #expect(listed.status == .forbidden)
            #expect(listed.code == "insufficient_scope")
            let decided = try await Self.decide(client, review: id, body: approve, key: narrow.secret)
            #expect(decided.status == .forbidden)
            #expect(decided.code == "insufficient_scope")

            #expect(try await client.applicantState(applicant, key: app.acme.apiKey) == "in_review", "nothing above decided it")
            #expect(try await client.openReviews(key: app.acme.apiKey).count == 1)
        }
    }

    @Test("one open case per applicant; the queue pages newest first")
    func listing() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            var applicants: [String] = []
            for variant in 1...3 { applicants.append(try await Self.applicantInReview(app, client, variant: variant)) }
            try await app.drainJobs()
            let first = try await client.send(.get, "/v1/reviews?status=open&limit=2", key: key).json()
            let page = first["data"] as? [[String: Any]] ?? []
            #expect(page.map { $0["applicant_id"] as? String } == [applicants[2], applicants[1]])
            #expect(first["has_more"] as? Bool == true)
            let last = try #require(page.last?["id"] as? String)
            let second = try await client.send(.get, "/v1/reviews?status=open&limit=2&starting_after=\(last)", key: key).json()
            #expect((second["data"] as? [[String: Any]])?.map { $0["applicant_id"] as? String } == [applicants[0]])
            #expect(second["has_more"] as? Bool == false)
        }
    }
}
