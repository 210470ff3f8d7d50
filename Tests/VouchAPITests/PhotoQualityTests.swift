import Foundation
import TestSupport
import Testing

/// Document photos are decoded and measured in the document check: a photo that cannot be read
/// is rejected with a reason the end user can act on, under thresholds the tenant sets.
@Suite("Photo quality")
struct PhotoQualityTests {
    /// The valid set with `front` as the identity card's front.
    static func documents(front: [UInt8]) -> PipelineDocuments {
        var documents = PipelineDocuments.valid(variant: 1)
        documents.idFront = PipelineUpload("ID_FRONT", front)
        return documents
    }

    static func frontChecks(_ checks: [String: Any]) -> (checks: [[String: Any]], signals: [String: Any]) {
        let documents = checks["documents"] as? [[String: Any]] ?? []
        let front = documents.first { $0["doc_type"] as? String == "ID_FRONT" } ?? [:]
        return (front["checks"] as? [[String: Any]] ?? [], front["signals"] as? [String: Any] ?? [:])
    }

    static func photoCheck(_ checks: [[String: Any]]) -> [String: Any]? {
        checks.first { $0["name"] as? String == "photo_quality" }
    }

    @Test("a sharp photo passes and its figures are in the checks")
    func sharpPhotoPasses() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key, profile: PipelineProfile())
            try await client.uploadDocuments(Self.documents(front: try TestPhotos.sharp()), applicant: applicant, key: key)
            try await app.drainJobs()
            #expect(try await client.applicantState(applicant, key: key) == "verified")
            let (checks, signals) = Self.frontChecks(try await client.fetchChecks(applicant, key: key))
            #expect(Self.photoCheck(checks)?["outcome"] as? String == "pass", "\(checks)")
            #expect((signals["sharpness"] as? Double ?? 0) > 100, "\(signals)")
            #expect((signals["glare"] as? Double ?? 1) < 0.001)
        }
    }

    @Test("a blurry or glared photo is rejected with a reason to retake it; a new version fixes it")
    func poorPhotosAreRejected() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            for (variant, (photo, reason)) in [(try TestPhotos.blurry(), "image_blurry"), (try TestPhotos.glare(), "image_glare")]
                .enumerated()
            {
                let applicant = try await client.createApplicant(key: key, profile: PipelineProfile())
                let uploaded = try await client.uploadDocument(PipelineUpload("ID_FRONT", photo), applicant: applicant, key: key)
                let id = try uploaded.json()["id"] as? String ?? ""
                try await app.drainJobs()
                let document = try await client.fetchDocument(id, key: key)
                #expect(document["status"] as? String == "REJECTED")
                #expect(document["rejection_reasons"] as? [String] == [reason], "\(document)")
                let (checks, _) = Self.frontChecks(try await client.fetchChecks(applicant, key: key))
                #expect(Self.photoCheck(checks)?["outcome"] as? String == "fail")

                // The end user takes another photo: a new version of the document. (Once: the same
                // sharp photo on a second applicant would be a duplicate file.)
                guard reason == "image_blurry" else { continue }
                let retake = try await client.uploadDocument(
                    PipelineUpload("ID_FRONT", try TestPhotos.sharp()),
                    applicant: applicant,
                    key: key
                )
                #expect(retake.status == .accepted, "\(String(buffer: retake.body))")
                try await app.drainJobs()
                #expect(try await client.documentStates(applicant, key: key)["ID_FRONT"] == "VERIFIED")
            }
        }
    }

    @Test("the tenant's rules set the thresholds and what a poor photo does")
    func tenantThresholds() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let review = try await client.putRules(#"{"photo_quality": {"on_failure": "review"}}"#, key: key)
            #expect(review.status == .ok, "\(String(buffer: review.body))")
            let first = try await client.createApplicant(key: key, profile: PipelineProfile())
            _ = try await client.uploadDocument(PipelineUpload("ID_FRONT", try TestPhotos.blurry()), applicant: first, key: key)
            try await app.drainJobs()
            #expect(try await client.documentStates(first, key: key)["ID_FRONT"] == "IN_REVIEW")

            let relaxed = try await client.putRules(#"{"photo_quality": {"minimum_sharpness": 0.5, "maximum_glare": 0.5}}"#, key: key)
            #expect(relaxed.status == .ok)
            let second = try await client.createApplicant(key: key, profile: PipelineProfile())
            _ = try await client.uploadDocument(PipelineUpload("ID_FRONT", try TestPhotos.glare()), applicant: second, key: key)
            try await app.drainJobs()
            #expect(try await client.documentStates(second, key: key)["ID_FRONT"] == "VERIFIED")

            let wrong = try await client.putRules(#"{"photo_quality": {"maximum_glare": 2, "blur": 1}}"#, key: key)
            #expect(wrong.status == .unprocessableContent, "\(String(buffer: wrong.body))")
        }
    }

    @Test("a file whose pixels do not decode is not measured; a PDF scan is not a photo")
    func notMeasured() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key, profile: PipelineProfile())
            try await client.uploadDocuments(.valid(variant: 2), applicant: applicant, key: key)
            try await app.drainJobs()
            let (checks, _) = Self.frontChecks(try await client.fetchChecks(applicant, key: key))
            let photo = Self.photoCheck(checks)
            #expect(photo?["outcome"] as? String == "skipped")
            #expect(photo?["reasons"] as? [String] == ["photo_undecodable"])
        }
    }
}
