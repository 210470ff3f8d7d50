import Foundation
import HummingbirdTesting
import TestSupport
import Testing
import VouchAPI
import VouchCore

/// Events a receiver can put in order: each applicant's events are numbered 1, 2, 3 … without
/// gaps, listed in that order, and delivered with their number — whatever order they arrive in.
@Suite("Event order")
struct EventOrderTests {
    @Test("a burst delivered out of order, with delays and retries, is put back in order by each applicant's sequence")
    func burstRebuiltBySequence() async throws {
        let receiver = try WebhookReceiver()
        try await TestApp.withWebhooks(retrySchedule: Array(repeating: 0.2, count: 30)) { app, client in
            let key = app.acme.apiKey
            let endpoint = try await client.createEndpoint(url: receiver.url, key: key)
            // Each answer waits up to 80 ms, and every applicant's first event is refused until a
            // later one of the same applicant has arrived: arrival order is not event order.
            try await receiver.control(secrets: [endpoint.secret], jitterMilliseconds: 80, holdFirst: true)
            var applicants: [String] = []
            for variant in 1...3 {
                let applicant = try await client.createApplicant(key: key, profile: PipelineProfile())
                try await client.uploadDocuments(.valid(variant: variant), applicant: applicant, key: key)
                applicants.append(applicant)
            }
            var logged: [String: [[String: Any]]] = [:]
            for applicant in applicants {
                #expect(try await eventually(timeout: .seconds(30)) { try await client.applicantState(applicant, key: key) == "verified" })
                logged[applicant] = try await client.allEvents(of: applicant, key: key)
            }
            let expected = logged.values.map(\.count).reduce(0, +)
            var delivered: [WebhookReceiver.Delivery] = []
            #expect(
                try await eventually(timeout: .seconds(30)) {
                    delivered = try await receiver.received().filter { $0.action == "200" }
                    return delivered.count >= expected
                }
            )
            #expect(delivered.allSatisfy { $0.verifiedWith == [0] })
            for applicant in applicants {
                let log = logged[applicant] ?? []
                #expect(log.map { $0["sequence"] as? Int } == Array(1...log.count).map(Optional.some), "numbered without gaps")
                #expect(log.first?["type"] as? String == "applicant.created")
                #expect(log.last?["type"] as? String == "applicant.verified")
                let arrived = delivered.filter { $0.applicantID == applicant }
                let arrivalOrder = arrived.compactMap(\.sequence)
                #expect(arrivalOrder != arrivalOrder.sorted(), "arrived out of order: \(arrivalOrder)")
                let rebuilt = arrived.sorted { ($0.sequence ?? 0) < ($1.sequence ?? 0) }
                #expect(rebuilt.map(\.id) == log.map { $0["id"] as? String ?? "" }, "the sequences rebuild the true order")
                #expect(rebuilt.map(\.type) == log.map { $0["type"] as? String })
            }
        }
    }

    @Test("a thin endpoint gets ids, type and sequence; a full one the snapshot; the choice can change")
    func thinAndFullPayloads() async throws {
        let full = try WebhookReceiver()
        let thin = try WebhookReceiver()
        try await TestApp.withWebhooks { app, client in
            let key = app.acme.apiKey
            let fullEndpoint = try await client.createEndpoint(url: full.url, key: key)
            let thinEndpoint = try await client.createEndpoint(url: thin.url, payload: "thin", key: key)
            try await full.control(secrets: [fullEndpoint.secret])
            try await thin.control(secrets: [thinEndpoint.secret])
            let applicant = try await client.createApplicant(key: key)
            let fullGot = try await full.waitFor(1)
            let thinGot = try await thin.waitFor(1)
            #expect(thinGot.first?.payload == "thin")
            #expect(thinGot.first?.dataFields == ["applicant_id"], "ids only")
            #expect(thinGot.first?.sequence == 1)
            #expect(thinGot.first?.applicantID == applicant)
            #expect(thinGot.first?.verifiedWith == [0])
            #expect(fullGot.first?.payload == "full")
            #expect(fullGot.first?.applicantStatus == "unverified")
            #expect(fullGot.first?.id == thinGot.first?.id, "the same event")
            let shown = try await client.send(.get, "/v1/webhook-endpoints/\(thinEndpoint.id)", key: key).json()
            #expect(shown["payload"] as? String == "thin")
            let changed = try await client.send(.patch, "/v1/webhook-endpoints/\(thinEndpoint.id)", key: key, json: #"{"payload": "full"}"#)
            #expect(try changed.json()["payload"] as? String == "full")
            let refused = try await client.send(.patch, "/v1/webhook-endpoints/\(thinEndpoint.id)", key: key, json: #"{"payload": "slim"}"#)
            #expect(refused.status == .unprocessableContent)
            #expect(try refused.json()["code"] as? String == "invalid_field")
        }
    }

    @Test("an applicant's events page in sequence order, by event or by sequence; another tenant's applicant is not found")
    func applicantEventsPage() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key)
            for type in ["ID_FRONT", "ID_BACK", "SELFIE"] {
                let response = try await client.upload(Samples.photo(unique: true), type: type, applicant: applicant, key: key)
                #expect(response.status == .accepted)
            }
            let path = "/v1/applicants/\(applicant)/events"
            let first = try await client.send(.get, path + "?limit=2", key: key).json()
            let firstPage = first["data"] as? [[String: Any]] ?? []
            #expect(firstPage.map { $0["sequence"] as? Int } == [1, 2])
            #expect(firstPage.map { $0["type"] as? String } == ["applicant.created", "document.submitted"])
            #expect(firstPage.allSatisfy { $0["applicant_id"] as? String == applicant })
            #expect(first["has_more"] as? Bool == true)
            let cursor = firstPage.last?["id"] as? String ?? ""
            let rest = try await client.send(.get, path + "?starting_after=\(cursor)", key: key).json()
            #expect((rest["data"] as? [[String: Any]])?.map { $0["sequence"] as? Int } == [3, 4])
            #expect(rest["has_more"] as? Bool == false)
            let resumed = try await client.send(.get, path + "?after_sequence=3", key: key).json()
            #expect((resumed["data"] as? [[String: Any]])?.map { $0["sequence"] as? Int } == [4])
            for query in ["after_sequence=-1", "after_sequence=x", "after_sequence=1&starting_after=\(cursor)"] {
                let refused = try await client.send(.get, path + "?" + query, key: key)
                #expect(refused.status == .unprocessableContent, "\(query)")
            }
            for query in ["", "?starting_after=\(cursor)", "?after_sequence=1"] {
                let elsewhere = try await client.send(.get, path + query, key: app.globex.apiKey)
                #expect(elsewhere.status == .notFound, "another tenant's applicant, \(query)")
            }
            let other = try await client.createApplicant(key: key)
            let foreign = try await client.send(.get, "/v1/applicants/\(other)/events?starting_after=\(cursor)", key: key)
            #expect(foreign.status == .unprocessableContent, "a cursor from another applicant's events")
            let listed = try await client.send(.get, "/v1/events?type=applicant.created", key: key).json()
            #expect((listed["data"] as? [[String: Any]])?.first?["sequence"] as? Int == 1)
        }
    }
}

extension TestClientProtocol {
    /// Every event of the applicant, following the pages.
    func allEvents(of applicant: String, key: String) async throws -> [[String: Any]] {
        var events: [[String: Any]] = []
        var query = "?limit=5"
        while true {
            let page = try await send(.get, "/v1/applicants/\(applicant)/events" + query, key: key).json()
            let data = page["data"] as? [[String: Any]] ?? []
            events += data
            guard page["has_more"] as? Bool == true, let last = data.last?["id"] as? String else { return events }
            query = "?limit=5&starting_after=\(last)"
        }
    }
}
