import Foundation
import HummingbirdTesting
import Testing
import VouchCore

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
            // Test mode's regulator answers NOMATCH… with no_match: the applicant goes to review.
            let key = app.acme.testKey
            let applicant = try await app.submittedApplicant(client, variant: 1, documentNumber: "NOMATCH01", key: key)
            try await app.drainJobs()
            let queue = try await client.send(.get, "/v1/reviews", key: key).json()["data"] as? [[String: Any]]
            let id = try #require(queue?.first?["id"] as? String)
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
