import Foundation
import HummingbirdTesting
import Testing
import VouchAPI
import VouchCore

@Suite("Verification pipeline: applicant verdicts")
struct ApplicantVerdictTests {
    @Test("four good documents make the applicant verified under the default rules")
    func verifiedByDefault() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key, profile: PipelineProfile())
            try await client.uploadDocuments(.valid(variant: 1), applicant: applicant, key: key)
            #expect(try await client.applicantState(applicant, key: key) == "processing")
            try await app.drainJobs()
            #expect(try await client.applicantState(applicant, key: key) == "verified")
            let states = try await client.documentStates(applicant, key: key)
            #expect(states.count == 4 && states.values.allSatisfy { $0 == "VERIFIED" }, "\(states)")
            let checks = try await client.fetchChecks(applicant, key: key)
            #expect(checks["decision"] as? String == "verified")
            #expect(checks["decision_reasons"] as? [String] == [])
        }
    }

    @Test("an applicant under the minimum age is rejected, finally: no more uploads")
    func underageApplicantIsRejected() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let birthday = PipelineDates.birthday(yearsAgo: 11)
            let applicant = try await client.createApplicant(key: key, profile: PipelineProfile(dateOfBirth: birthday.profile))
            var documents = PipelineDocuments.valid(variant: 1)
            documents.idBack.mrz = PipelineSamples.zone(1, birth: birthday.zone)
            try await client.uploadDocuments(documents, applicant: applicant, key: key)
            try await app.drainJobs()

            #expect(try await client.applicantState(applicant, key: key) == "rejected")
            let checks = try await client.fetchChecks(applicant, key: key)
            #expect(checks["decision_reasons"] as? [String] == ["underage"])
            let decision = checks["decision_result"] as? [String: Any]
            #expect((decision?["result"] as? [String: Any])?["decided_by"] as? String == "settings.minimum_age")
            #expect(try await app.eventCounts(applicant: applicant)["applicant.rejected"] == 1)

            let again = try await client.uploadDocument(PipelineUpload("ID_FRONT", PipelineSamples.card(2)), applicant: applicant, key: key)
            #expect(again.status == .conflict)
            #expect(again.code == "applicant_rejected")
            #expect(try await client.applicantState(applicant, key: key) == "rejected")
        }
    }

    @Test("the rule set's minimum age is the one applied")
    func minimumAgeComesFromTheRules() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            #expect(try await client.putRules(#"{"minimum_age": 40}"#, key: key).status == .ok)
            let applicant = try await client.createApplicant(key: key, profile: PipelineProfile())
            try await client.uploadDocuments(.valid(variant: 1), applicant: applicant, key: key)
            try await app.drainJobs()
            #expect(try await client.applicantState(applicant, key: key) == "rejected")
            let checks = try await client.fetchChecks(applicant, key: key)
            #expect(checks["decision_reasons"] as? [String] == ["underage"])
        }
    }

    @Test("an applicant from a blocked country is rejected")
    func blockedCountryIsRejected() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let saved = try await client.putRules(#"{"blocked_countries": ["GB"]}"#, key: key)
            #expect(saved.status == .ok)
            #expect((try saved.json()["rules"] as? [String: Any])?["blocked_countries"] as? [String] == ["GBR"])
            let applicant = try await client.createApplicant(key: key, profile: PipelineProfile())
            try await client.uploadDocuments(.valid(variant: 1), applicant: applicant, key: key)
            try await app.drainJobs()
            #expect(try await client.applicantState(applicant, key: key) == "rejected")
            let checks = try await client.fetchChecks(applicant, key: key)
            #expect(checks["decision_reasons"] as? [String] == ["country_blocked"])
        }
    }

    @Test("a photo saved by Photoshop sends the document and the applicant to review")
    func editedPhotoGoesToReview() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key, profile: PipelineProfile())
            var documents = PipelineDocuments.valid(variant: 1)
            documents.idFront = PipelineUpload("ID_FRONT", PipelineSamples.card(1, software: "Adobe Photoshop 2024 (Windows)"))
            try await client.uploadDocuments(documents, applicant: applicant, key: key)
            try await app.drainJobs()

            #expect(try await client.documentStates(applicant, key: key)["ID_FRONT"] == "IN_REVIEW")
            #expect(try await client.applicantState(applicant, key: key) == "in_review")
            let checks = try await client.fetchChecks(applicant, key: key)
            let front = (checks["documents"] as? [[String: Any]] ?? []).first { $0["doc_type"] as? String == "ID_FRONT" }
            let tampering = (front?["checks"] as? [[String: Any]] ?? []).first { $0["name"] as? String == "tampering" }
            #expect(tampering?["outcome"] as? String == "review")
            #expect((front?["signals"] as? [String: Any])?["editing_tools"] as? [String] == ["photoshop"])

            let reviews = try await client.openReviews(key: key)
            #expect(reviews.count == 1)
            #expect(reviews.first?["applicant_id"] as? String == applicant)
            let reasons = reviews.first?["reasons"] as? [String] ?? []
            #expect(reasons.contains("editing_software_detected"), "\(reasons)")
            #expect(try await app.eventCounts(applicant: applicant)["applicant.in_review"] == 1)
        }
    }

    @Test("the same file on a second applicant is a duplicate: in review")
    func sameFileOnTwoApplicantsGoesToReview() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let first = try await app.verifiedApplicant(client, variant: 1)
            let second = try await client.createApplicant(key: key, profile: PipelineProfile())
            var documents = PipelineDocuments.valid(variant: 2)
            documents.selfie = PipelineDocuments.valid(variant: 1).selfie
            try await client.uploadDocuments(documents, applicant: second, key: key)
            try await app.drainJobs()

            #expect(try await client.documentStates(second, key: key)["SELFIE"] == "IN_REVIEW")
            #expect(try await client.applicantState(second, key: key) == "in_review")
            let reasons = try await client.fetchChecks(second, key: key)["decision_reasons"] as? [String] ?? []
            #expect(reasons.contains("duplicate_file"), "\(reasons)")
            #expect(!reasons.contains("duplicate_document_number"))
            #expect(try await client.openReviews(key: key).map { $0["applicant_id"] as? String } == [second])
            #expect(try await client.applicantState(first, key: key) == "verified", "the first applicant is untouched")
        }
    }

    @Test("the same document number on a second applicant is a duplicate: in review")
    func sameDocumentNumberOnTwoApplicantsGoesToReview() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            _ = try await app.verifiedApplicant(client, variant: 1)
            let second = try await client.createApplicant(key: key, profile: PipelineProfile())
            var documents = PipelineDocuments.valid(variant: 2)
            documents.idBack.mrz = PipelineSamples.zone(1)
            try await client.uploadDocuments(documents, applicant: second, key: key)
            try await app.drainJobs()

            #expect(try await client.documentStates(second, key: key)["ID_BACK"] == "IN_REVIEW")
            #expect(try await client.applicantState(second, key: key) == "in_review")
            let reasons = try await client.fetchChecks(second, key: key)["decision_reasons"] as? [String] ?? []
            #expect(reasons.contains("duplicate_document_number"), "\(reasons)")
            #expect(!reasons.contains("duplicate_file"))
        }
    }

    @Test("duplicates are looked for within the tenant only")
    func duplicatesDoNotCrossTenants() async throws {
        try await TestApp.withApp { app, client in
            _ = try await app.verifiedApplicant(client, variant: 1)
            let other = try await app.verifiedApplicant(client, variant: 1, key: app.globex.apiKey)
            #expect(try await client.applicantState(other, key: app.globex.apiKey) == "verified")
        }
    }
}
