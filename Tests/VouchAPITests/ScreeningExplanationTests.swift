import Foundation
import HTTPTypes
import HummingbirdTesting
import ProviderSimulator
import TestSupport
import Testing
import VouchAPI
import VouchCore

/// Screening a compliance officer can explain and tune: what produced each result, which
/// features matched, clearances of false positives, and the tenant's own watch list.
@Suite("Screening explanations")
struct ScreeningExplanationTests {
    static func screening(_ report: [String: Any]) -> [String: Any] {
        ((report["screening"] as? [String: Any])?["result"] as? [String: Any]) ?? [:]
    }

    static func details(_ report: [String: Any]) -> [String: Any] {
        screening(report)["details"] as? [String: Any] ?? [:]
    }

    @Test("a hit records the provider, the list's version, the algorithm, the threshold, and which features matched")
    func provenanceAndFeatures() async throws {
        try await SimulatorHarness.withSimulator { simulator in
            try await TestApp.withApp(providers: simulator.providers()) { app, client in
                let applicant = try await app.submittedApplicant(client, variant: 1, lastName: "Sanctioned")
                try await app.drainJobs()
                let details = Self.details(try await client.fetchChecks(applicant, key: app.acme.apiKey))
                #expect(details["provider"] as? String == "yente")
                #expect(details["dataset"] as? String == "default")
                #expect(details["list_version"] as? String == ProviderSimulator.firstListVersion)
                #expect(details["algorithm"] as? String == "logic-v1")
                #expect(details["threshold"] as? Double == 0.7)
                let hit = try #require((details["hits"] as? [[String: Any]])?.first)
                #expect(hit["source"] as? String == "list")
                #expect(hit["id"] as? String == "sim-sanction-1")
                #expect(hit["entry_version"] as? String == "2026-11-01T00:00:00Z")
                #expect(hit["topics"] as? [String] == ["sanction"])
                #expect((hit["features"] as? [String: Any])?.isEmpty == false, "the provider's own feature scores are kept")
                let matched = try #require(hit["matched"] as? [String: Any])
                #expect(matched["name"] as? Double == 1)
                #expect(matched["alias"] as? Double == 1, "SANCTIONED, Ada is the same words")
                #expect(matched["matched_alias"] as? String == "SANCTIONED, Ada")
                #expect(matched["birth_date"] as? Double == 1)
                #expect(matched["country"] as? Double == 1)
                #expect((details["cleared"] as? [Any])?.isEmpty == true)
            }
        }
    }

    @Test("a cleared false positive is not raised again for the same entry; once the list changes the entry, it is")
    func clearanceHoldsUntilTheEntryChanges() async throws {
        try await SimulatorHarness.withSimulator { simulator in
            try await TestApp.withApp(providers: simulator.providers()) { app, client in
                let key = app.acme.apiKey
                #expect(try await client.putRules(#"{"screening": {"on_match": "review"}}"#, key: key).status == .ok)
                let applicant = try await app.submittedApplicant(client, variant: 1, lastName: "Sanctioned")
                try await app.drainJobs()
                #expect(try await client.applicantState(applicant, key: key) == "in_review")
                let clearances = "/v1/applicants/\(applicant)/screening-clearances"

                let cleared = try await client.send(
                    .post,
                    clearances,
                    key: key,
                    json: #"{"candidate_id": "sim-sanction-1", "reason": "Listed person born in another country; passport checked."}"#
                )
                #expect(cleared.status == .created, "\(String(buffer: cleared.body))")
                let clearance = try cleared.json()
                #expect(clearance["entry_version"] as? String == "2026-11-01T00:00:00Z")
                #expect((clearance["cleared_by"] as? String)?.hasPrefix("api_key:key_") == true)
                let again = try await client.send(
                    .post,
                    clearances,
                    key: key,
                    json: #"{"candidate_id": "sim-sanction-1", "reason": "again"}"#
                )
                #expect(try again.json()["id"] as? String == clearance["id"] as? String, "clearing twice keeps one clearance")

                let review = try #require(try await client.openReviews(key: key).first?["id"] as? String)
                let approved = try await client.send(
                    .post,
                    "/v1/reviews/\(review)/decision",
                    key: key,
                    json: #"{"decision": "approve", "reason": "false positive"}"#
                )
                #expect(approved.status == .ok)
                #expect(try await client.applicantState(applicant, key: key) == "verified")

                // The same entry: recorded as cleared, raising nothing.
                #expect(try await client.send(.post, "/v1/applicants/\(applicant)/screenings", key: key).status == .accepted)
                try await app.drainJobs()
                var details = Self.details(try await client.fetchChecks(applicant, key: key))
                #expect(Self.screening(try await client.fetchChecks(applicant, key: key))["status"] as? String == "clear")
                #expect((details["hits"] as? [Any])?.isEmpty == true)
                let kept = (details["cleared"] as? [[String: Any]])?.first
                #expect(kept?["id"] as? String == "sim-sanction-1")
                #expect((kept?["clearance"] as? [String: Any])?["id"] as? String == clearance["id"] as? String)
                #expect(try await client.applicantState(applicant, key: key) == "verified")
                #expect(try await client.openReviews(key: key).isEmpty)
                let quiet = try await client.allEvents(of: applicant, key: key).map { $0["type"] as? String }
                #expect(!quiet.contains("applicant.screening_hit"), "a cleared candidate is announced to no one")

                // The list changes the entry: raised again, and the verified applicant goes back to review.
                simulator.simulator.publishListVersion("20261215000000-sim", changing: ["sim-sanction-1"])
                #expect(try await client.send(.post, "/v1/applicants/\(applicant)/screenings", key: key).status == .accepted)
                try await app.drainJobs()
                let report = try await client.fetchChecks(applicant, key: key)
                details = Self.details(report)
                #expect(Self.screening(report)["status"] as? String == "hit")
                #expect(details["list_version"] as? String == "20261215000000-sim")
                #expect((details["hits"] as? [[String: Any]])?.first?["id"] as? String == "sim-sanction-1")
                #expect(try await client.applicantState(applicant, key: key) == "in_review")
                #expect(report["decision_reasons"] as? [String] == ["sanctions_match"])
                #expect(try await client.openReviews(key: key).count == 1)
                let events = try await client.allEvents(of: applicant, key: key)
                let types = events.map { $0["type"] as? String ?? "" }
                #expect(Array(types.suffix(2)) == ["applicant.screening_hit", "applicant.in_review"])
                let hitData = events.first { $0["type"] as? String == "applicant.screening_hit" }?["data"] as? [String: Any]
                #expect(hitData?["candidate_ids"] as? [String] == ["sim-sanction-1"])
                #expect(hitData?["reasons"] as? [String] == ["sanctions_match"])
                #expect(hitData?["list_version"] as? String == "20261215000000-sim")
                #expect(try await app.usage(applicant: applicant).filter { $0.hasPrefix("screening_call") }.count == 3)

                let listed = try await client.send(.get, clearances, key: key).json()["data"] as? [[String: Any]]
                #expect(listed?.count == 1)
                let audit = try await client.send(.get, "/v1/audit-events?action=screening.candidate_cleared", key: key).json()
                #expect((audit["data"] as? [Any])?.count == 1)
            }
        }
    }

    @Test("clearing asks for a candidate of the latest screening and a reason; another tenant's applicant is not found")
    func clearanceRefusals() async throws {
        try await SimulatorHarness.withSimulator { simulator in
            try await TestApp.withApp(providers: simulator.providers()) { app, client in
                let key = app.acme.apiKey
                let applicant = try await app.submittedApplicant(client, variant: 1, lastName: "Sanctioned")
                try await app.drainJobs()
                let path = "/v1/applicants/\(applicant)/screening-clearances"
                let cases: [(String, HTTPResponse.Status, String)] = [
                    (#"{"candidate_id": "sim-pep-1", "reason": "not him"}"#, .unprocessableContent, "invalid_field"),
                    (#"{"candidate_id": "sim-sanction-1", "reason": "  "}"#, .unprocessableContent, "invalid_field"),
                    (#"{"candidate_id": "sim-sanction-1"}"#, .unprocessableContent, "missing_field"),
                    (#"{"candidate_id": "sim-sanction-1", "reason": "x", "extra": 1}"#, .badRequest, "unknown_field"),
                ]
                for (body, status, code) in cases {
                    let response = try await client.send(.post, path, key: key, json: body)
                    #expect(response.status == status, "\(body)")
                    #expect(try response.json()["code"] as? String == code, "\(body)")
                }
                let elsewhere = try await client.send(
                    .post,
                    path,
                    key: app.globex.apiKey,
                    json: #"{"candidate_id": "sim-sanction-1", "reason": "x"}"#
                )
                #expect(elsewhere.status == .notFound)
                #expect(try await client.send(.post, "/v1/applicants/\(applicant)/screenings", key: app.globex.apiKey).status == .notFound)
                #expect(try await client.send(.get, path, key: app.globex.apiKey).status == .notFound)
            }
        }
    }

    @Test("the tenant's own watch list is screened beside the public lists, in the same shape; a namesake born elsewhere is not raised")
    func watchlistScreened() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let entry =
                #"{"names": ["Ada Lovelace", "Augusta Ada King"], "birth_dates": ["1990-12-10"], "countries": ["GB"], "reference": "cust-42"}"#
            let created = try await client.send(.post, "/v1/watchlist-entries", key: key, json: entry)
            #expect(created.status == .created, "\(String(buffer: created.body))")
            let unrelated = #"{"names": ["Grace Hopper"], "birth_dates": ["1906-12-09"]}"#
            #expect(try await client.send(.post, "/v1/watchlist-entries", key: key, json: unrelated).status == .created)
            // Globex lists a namesake born in another year and country.
            let namesakeEntry = #"{"names": ["Ada Lovelace"], "birth_dates": ["1950"], "countries": ["fr"]}"#
            #expect(try await client.send(.post, "/v1/watchlist-entries", key: app.globex.apiKey, json: namesakeEntry).status == .created)
            let listed = try await client.createApplicant(key: key, profile: PipelineProfile())
            try await client.uploadDocuments(.valid(variant: 1), applicant: listed, key: key)
            let namesake = try await client.createApplicant(key: app.globex.apiKey, profile: PipelineProfile())
            try await client.uploadDocuments(.valid(variant: 2), applicant: namesake, key: app.globex.apiKey)
            try await app.drainJobs()

            let report = try await client.fetchChecks(listed, key: key)
            #expect(Self.screening(report)["status"] as? String == "hit")
            #expect(report["decision_reasons"] as? [String] == ["watchlist_match"])
            let details = Self.details(report)
            #expect(details["provider"] == nil, "no published lists are configured")
            #expect((details["watchlist"] as? [String: Any])?["compared"] as? Int == 1, "the one entry sharing a word start")
            let hit = try #require((details["hits"] as? [[String: Any]])?.first)
            #expect(hit["source"] as? String == "watchlist")
            #expect(hit["id"] as? String == (try created.json()["id"] as? String))
            #expect(hit["reference"] as? String == "cust-42")
            #expect(hit["datasets"] as? [String] == ["watchlist"])
            let matched = try #require(hit["matched"] as? [String: Any])
            #expect(matched["name"] as? Double == 1)
            #expect(matched["birth_date"] as? Double == 1)
            #expect(matched["country"] as? Double == 1)
            #expect(try await client.applicantState(listed, key: key) == "rejected")
            #expect(try await app.usage(applicant: listed).isEmpty, "the watch list alone calls no provider: nothing is billed")

            let other = try await client.fetchChecks(namesake, key: app.globex.apiKey)
            #expect(Self.screening(other)["status"] as? String == "clear")
            #expect(Self.screening(other)["top_score"] as? Double == 0.675, "same name, other birth date and country: 1 × 0.75 × 0.9")
        }
    }
}
