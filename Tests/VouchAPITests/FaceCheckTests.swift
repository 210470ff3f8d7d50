import FaceRecognition
import Foundation
import HummingbirdTesting
import TestSupport
import Testing
import VouchAPI

/// The face check end to end: real photos (the face_recognition package's, printed on generated
/// identity cards by scripts/lib/face_fixtures.py), dlib's real models, the pipeline's workers.
@Suite("Face check")
struct FaceCheckTests {
    static let models: FaceModels = {
        guard let folder = ProcessInfo.processInfo.environment["VOUCH_FACE_MODELS_DIR"], !folder.isEmpty,
            let models = try? FaceModels.load(directory: folder)
        else { fatalError("VOUCH_FACE_MODELS_DIR must hold dlib's face models: run the tests with scripts/test") }
        return models
    }()

    static func photo(_ name: String) throws -> [UInt8] {
        guard let folder = ProcessInfo.processInfo.environment["VOUCH_FACE_TEST_DATA"], !folder.isEmpty else {
            fatalError("VOUCH_FACE_TEST_DATA is not set: run the tests with scripts/test")
        }
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder).appendingPathComponent("fixtures/\(name)")))
    }

    static func withFaceApp(_ body: @Sendable (TestApp, any TestClientProtocol) async throws -> Void) async throws {
        try await TestApp.withApp(configure: { $0.faceModels = Self.models }, body)
    }

    /// A full, valid applicant whose card shows `card` and whose selfie is `selfie`.
    static func submit(card: String, selfie: String, variant: Int, app: TestApp, client: some TestClientProtocol) async throws -> String {
        var documents = PipelineDocuments.valid(variant: variant)
        documents.idFront = PipelineUpload("ID_FRONT", try photo(card))
        documents.selfie = PipelineUpload("SELFIE", try photo(selfie))
        let applicant = try await client.createApplicant(key: app.acme.apiKey, profile: PipelineProfile())
        try await client.uploadDocuments(documents, applicant: applicant, key: app.acme.apiKey)
        try await app.drainJobs()
        return applicant
    }

    static func face(_ applicant: String, app: TestApp, client: some TestClientProtocol) async throws -> [String: Any] {
        let checks = try await client.fetchChecks(applicant, key: app.acme.apiKey)
        return try #require(checks["face"] as? [String: Any], "\(checks)")
    }

    @Test("the holder's selfie matches the card's portrait, and the applicant is verified and billed")
    func match() async throws {
        try await Self.withFaceApp { app, client in
            let applicant = try await Self.submit(card: "card-obama.jpg", selfie: "selfie-obama2.jpg", variant: 1, app: app, client: client)
            let face = try await Self.face(applicant, app: app, client: client)
            #expect(face["status"] as? String == "match", "\(face)")
            let result = try #require(face["result"] as? [String: Any])
            let details = try #require(result["details"] as? [String: Any], "\(result)")
            #expect((details["distance"] as? Double ?? 1) < 0.6)
            #expect(details["threshold"] as? Double == 0.6)
            let selfieBox = (details["selfie"] as? [String: Any])?["box"] as? [String: Any]
            let portraitBox = (details["portrait"] as? [String: Any])?["box"] as? [String: Any]
            #expect(selfieBox?["width"] as? Double ?? 0 > 150, "\(details)")
            #expect(portraitBox?["width"] as? Double ?? 0 > 60, "\(details)")
            #expect(try await client.applicantState(applicant, key: app.acme.apiKey) == "verified")
            let billed = try await app.admin("SELECT count(*) FROM usage_events WHERE kind = 'face_match'")
            #expect(try billed[0].decode(column: 0, as: Int.self) == 1)
            // Sealed at rest, and nowhere in the check's answer.
            #expect(details["descriptor"] == nil)
            let stored = try await app.admin("SELECT face_descriptor FROM documents WHERE face_descriptor IS NOT NULL")
            #expect(stored.count == 1)
            #expect(try stored[0].decode(column: 0, as: [UInt8].self).count == 512 + 28, "128 floats, sealed (nonce and tag)")
        }
    }

    @Test("someone else's selfie is a no_match that goes to review with the score")
    func noMatch() async throws {
        try await Self.withFaceApp { app, client in
            let applicant = try await Self.submit(card: "card-obama.jpg", selfie: "selfie-biden.jpg", variant: 2, app: app, client: client)
            let face = try await Self.face(applicant, app: app, client: client)
            #expect(face["status"] as? String == "no_match", "\(face)")
            let details = (face["result"] as? [String: Any])?["details"] as? [String: Any]
            #expect(details?["distance"] as? Double ?? 0 > 0.6)
            #expect(try await client.applicantState(applicant, key: app.acme.apiKey) == "in_review")
            let checks = try await client.fetchChecks(applicant, key: app.acme.apiKey)
            #expect((checks["decision_reasons"] as? [String])?.contains("face_no_match") == true, "\(checks)")
            // The review case carries what an analyst compares: both boxes and the distance.
            let review = try #require(
                try await client.openReviews(key: app.acme.apiKey).first { $0["applicant_id"] as? String == applicant }
            )
            let evidence = try #require(review["face"] as? [String: Any], "\(review)")
            #expect(evidence["status"] as? String == "no_match")
            #expect(evidence["distance"] as? Double ?? 0 > 0.6)
            #expect((evidence["selfie"] as? [String: Any])?["box"] is [String: Any])
            #expect((evidence["portrait"] as? [String: Any])?["box"] is [String: Any])
        }
    }

    @Test("the tenant's rules can reject a mismatch")
    func rejectOnMismatch() async throws {
        try await Self.withFaceApp { app, client in
            let put = try await client.putRules(#"{"face": {"on_no_match": "reject"}}"#, key: app.acme.apiKey)
            #expect(put.status == .ok, "\(String(buffer: put.body))")
            let applicant = try await Self.submit(card: "card-obama.jpg", selfie: "selfie-biden.jpg", variant: 3, app: app, client: client)
            #expect(try await client.applicantState(applicant, key: app.acme.apiKey) == "rejected")
        }
    }

    @Test("a selfie without a face, or blurred, asks for a retake and never passes")
    func retake() async throws {
        try await Self.withFaceApp { app, client in
            for (variant, selfie, reason) in [(4, "selfie-noface.jpg", "no_face"), (5, "selfie-blurred-face.jpg", "face_blurry")] {
                let applicant = try await Self.submit(card: "card-obama.jpg", selfie: selfie, variant: variant, app: app, client: client)
                let face = try await Self.face(applicant, app: app, client: client)
                #expect(face["status"] as? String == "retake", "\(face)")
                let details = (face["result"] as? [String: Any])?["details"] as? [String: Any]
                #expect(details?["reason"] as? String == reason, "\(face)")
                #expect(details?["photo"] as? String == "selfie")
                #expect(try await client.applicantState(applicant, key: app.acme.apiKey) == "in_review")
            }
        }
    }

    @Test("one face behind two applicants of a tenant is a duplicate, never across tenants")
    func duplicate() async throws {
        try await Self.withFaceApp { app, client in
            let first = try await Self.submit(card: "card-obama.jpg", selfie: "selfie-obama2.jpg", variant: 6, app: app, client: client)
            // Another tenant's applicant with the same face: no duplicate there.
            let other = app.globex
            var documents = PipelineDocuments.valid(variant: 7)
            documents.idFront = PipelineUpload("ID_FRONT", try Self.photo("card-obama.jpg"))
            documents.selfie = PipelineUpload("SELFIE", try Self.photo("selfie-obama2.jpg"))
            let elsewhere = try await client.createApplicant(key: other.apiKey, profile: PipelineProfile())
            try await client.uploadDocuments(documents, applicant: elsewhere, key: other.apiKey)
            try await app.drainJobs()
            let elsewhereFace = try #require(try await client.fetchChecks(elsewhere, key: other.apiKey)["face"] as? [String: Any])
            #expect(((elsewhereFace["result"] as? [String: Any])?["details"] as? [String: Any])?["duplicate_of"] is NSNull)

            let second = try await Self.submit(card: "card-obama.jpg", selfie: "selfie-obama.jpg", variant: 8, app: app, client: client)
            let face = try await Self.face(second, app: app, client: client)
            let details = (face["result"] as? [String: Any])?["details"] as? [String: Any]
            #expect(details?["duplicate_of"] as? String == first, "\(face)")
            #expect(try await client.applicantState(second, key: app.acme.apiKey) == "in_review")
            let checks = try await client.fetchChecks(second, key: app.acme.apiKey)
            #expect((checks["decision_reasons"] as? [String])?.contains("duplicate_face") == true)
        }
    }

    @Test("an erased applicant's face is no one's duplicate, though it is the closest")
    func erasedFaceNoLongerCounts() async throws {
        try await Self.withFaceApp { app, client in
            let first = try await Self.submit(card: "card-obama.jpg", selfie: "selfie-obama2.jpg", variant: 10, app: app, client: client)
            let second = try await Self.submit(card: "card-obama.jpg", selfie: "selfie-obama.jpg", variant: 11, app: app, client: client)
            let duplicateOf =
                ((try await Self.face(second, app: app, client: client)["result"] as? [String: Any])?["details"] as? [String: Any])?[
                    "duplicate_of"
                ]
            #expect(duplicateOf as? String == first, "the index has both")
            #expect(try await client.send(.delete, "/v1/applicants/\(first)", key: app.acme.apiKey).status == .ok)
            // The same photo as the erased applicant's selfie (distance 0), and close to the second's.
            let third = try await Self.submit(card: "card-obama.jpg", selfie: "selfie-obama2.jpg", variant: 12, app: app, client: client)
            let face = try await Self.face(third, app: app, client: client)
            #expect(((face["result"] as? [String: Any])?["details"] as? [String: Any])?["duplicate_of"] as? String == second, "\(face)")
        }
    }

    @Test("erasure clears the stored face")
    func erasure() async throws {
        try await Self.withFaceApp { app, client in
            let applicant = try await Self.submit(card: "card-obama.jpg", selfie: "selfie-obama2.jpg", variant: 9, app: app, client: client)
            #expect(
                try await app.admin("SELECT count(*) FROM documents WHERE face_descriptor IS NOT NULL")[0].decode(column: 0, as: Int.self)
                    == 1
            )
            #expect(try await client.send(.delete, "/v1/applicants/\(applicant)", key: app.acme.apiKey).status == .ok)
            #expect(
                try await app.admin("SELECT count(*) FROM documents WHERE face_descriptor IS NOT NULL")[0].decode(column: 0, as: Int.self)
                    == 0
            )
        }
    }
}
