import Foundation
import HummingbirdTesting
import Testing
import VouchAPI
import VouchCore

@Suite("GET /v1/applicants/{id}/checks")
struct ChecksAPITests {
    static func checks(named name: String, in document: [String: Any]?) -> [String: Any]? {
        (document?["checks"] as? [[String: Any]] ?? []).first { $0["name"] as? String == name }
    }

    @Test("every document's checks and signals, provider checks skipped (never passed), and the decision with its trace")
    func verifiedApplicantReport() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await app.verifiedApplicant(client, variant: 1)
            let response = try await client.send(.get, "/v1/applicants/\(applicant)/checks", key: key)
            #expect(response.status == .ok)
            let report = try response.json()
            #expect(report["object"] as? String == "applicant_checks")
            #expect(report["applicant_id"] as? String == applicant)
            #expect(report["decision"] as? String == "verified")

            let documents = report["documents"] as? [[String: Any]] ?? []
            #expect(Set(documents.compactMap { $0["doc_type"] as? String }) == ["ID_FRONT", "ID_BACK", "PROOF_OF_ADDRESS", "SELFIE"])
            for document in documents {
                let checks = document["checks"] as? [[String: Any]] ?? []
                #expect(!checks.isEmpty, "\(document)")
                #expect(document["doc_status"] as? String == "VERIFIED")
                #expect(document["signals"] is [String: Any])
                for check in checks {
                    let outcome = check["outcome"] as? String
                    #expect(["pass", "skipped"].contains(outcome), "\(check)")
                    if outcome == "skipped" { #expect(!(check["reasons"] as? [String] ?? []).isEmpty, "a skip says why") }
                }
                #expect(Self.checks(named: "file_type", in: document)?["outcome"] as? String == "pass")
                #expect(Self.checks(named: "duplicate", in: document)?["outcome"] as? String == "pass")
            }
            let back = documents.first { $0["doc_type"] as? String == "ID_BACK" }
            for name in ["mrz", "name_match", "birth_date", "expiry", "resolution", "file_integrity", "tampering"] {
                #expect(Self.checks(named: name, in: back)?["outcome"] as? String == "pass", "\(name)")
            }
            let backSignals = back?["signals"] as? [String: Any]
            #expect(backSignals?["mrz_valid"] as? Bool == true)
            #expect(backSignals?["width"] as? Int == 1280)
            #expect(backSignals?["birth_date"] == nil, "the birth date is in the sealed extraction, not the signals")
            #expect(backSignals?["birth_date_matches"] as? Bool == true)
            let front = documents.first { $0["doc_type"] as? String == "ID_FRONT" }
            let frontZone = Self.checks(named: "mrz", in: front)
            #expect(frontZone?["outcome"] as? String == "skipped")
            #expect(frontZone?["reasons"] as? [String] == ["mrz_not_provided"])
            let proof = documents.first { $0["doc_type"] as? String == "PROOF_OF_ADDRESS" }
            #expect(Self.checks(named: "issue_date", in: proof)?["outcome"] as? String == "pass")
            #expect((proof?["signals"] as? [String: Any])?["proof_of_address_age_days"] as? Int == 3)

            for kind in ["screening", "regulator"] {
                let run = report[kind] as? [String: Any]
                #expect(run?["kind"] as? String == kind)
                #expect(run?["status"] as? String == "skipped", "\(kind) has no provider: skipped, never pass")
                let result = run?["result"] as? [String: Any]
                #expect(result?["status"] as? String == "skipped")
                #expect((result?["details"] as? [String: Any])?["reason"] as? String == "no_provider_configured")
            }

            let decision = try #require(report["decision_result"] as? [String: Any])
            #expect(decision["kind"] as? String == "decision")
            #expect(decision["status"] as? String == "verified")
            let result = try #require(decision["result"] as? [String: Any])
            #expect(result["verdict"] as? String == "verified")
            #expect(result["decided_by"] as? String == "default")
            #expect(result["rule_set_version"] as? Int == 0)
            #expect(result["trace"] is [Any])
            #expect(result["risk_score"] is NSNumber)
            let signals = result["signals"] as? [String: Any]
            #expect(signals?["age"] as? Int == PipelineDates.age(born: "1990-12-10"))
            #expect(signals?["country"] as? String == "GBR")
            #expect((signals?["screening"] as? [String: Any])?["status"] as? String == "skipped")
            #expect((signals?["documents"] as? [String: Any])?["SELFIE"] as? String == "VERIFIED")
            let history = report["history"] as? [[String: Any]] ?? []
            #expect(history.compactMap { $0["kind"] as? String }.sorted() == ["decision", "face", "regulator", "screening"])
            #expect((report["face"] as? [String: Any])?["status"] as? String == "skipped", "face checks off here: skipped, never passed")
        }
    }

    @Test("the trace names each rule that applied and what it did")
    func traceOfRejection() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let rules = #"{"minimum_age": 50, "blocked_countries": ["GBR"]}"#
            #expect(try await client.putRules(rules, key: key).status == .ok)
            let applicant = try await client.createApplicant(key: key, profile: PipelineProfile())
            try await client.uploadDocuments(.valid(variant: 1), applicant: applicant, key: key)
            try await app.drainJobs()
            let report = try await client.fetchChecks(applicant, key: key)
            let result = (report["decision_result"] as? [String: Any])?["result"] as? [String: Any]
            #expect(result?["verdict"] as? String == "rejected")
            #expect(result?["rule_set_version"] as? Int == 1)
            #expect(result?["decided_by"] as? String == "settings.minimum_age")
            #expect(result?["reasons"] as? [String] == ["underage", "country_blocked"])
            let trace = result?["trace"] as? [[String: Any]] ?? []
            #expect(trace.map { $0["rule"] as? String } == ["settings.minimum_age", "settings.blocked_countries"])
            #expect(trace.allSatisfy { $0["action"] as? String == "reject" })
        }
    }

    @Test("an applicant with nothing checked yet has an empty report")
    func emptyReport() async throws {
        try await TestApp.withApp { app, client in
            let applicant = try await client.createApplicant(key: app.acme.apiKey, profile: PipelineProfile())
            let report = try await client.fetchChecks(applicant, key: app.acme.apiKey)
            #expect((report["documents"] as? [Any])?.isEmpty == true)
            #expect(report["decision_result"] is NSNull)
            #expect(report["screening"] is NSNull)
            #expect(report["decision"] is NSNull)
        }
    }

    @Test("another tenant's applicant is not found; a key without applicants:read is refused")
    func isolationAndScope() async throws {
        try await TestApp.withApp { app, client in
            let applicant = try await app.verifiedApplicant(client, variant: 1)
            let foreign = try await client.send(.get, "/v1/applicants/\(applicant)/checks", key: app.globex.apiKey)
            #expect(foreign.status == .notFound)
            #expect(foreign.code == "not_found")
            let unknown = try await client.send(.get, "/v1/applicants/\(ApplicantID.generate())/checks", key: app.acme.apiKey)
            #expect(unknown.status == .notFound)
            let narrow = try await app.issueKey([.rulesRead])
            let refused = try await client.send(.get, "/v1/applicants/\(applicant)/checks", key: narrow.secret)
            #expect(refused.status == .forbidden)
            #expect(refused.code == "insufficient_scope")
        }
    }
}
