import Base
import Testing
import Verification

@Suite struct FaceComparisonTests {
    static func face(_ descriptor: [Float], side: Int = 200, sharpness: Double = 500, prominent: Int = 1, cropped: Bool = false)
        -> FaceObservation
    {
        FaceObservation(prominentFaces: prominent, side: side, sharpness: sharpness, cropped: cropped, descriptor: descriptor)
    }

    static let origin = [Float](repeating: 0, count: 128)
    /// `distance` away from the origin along the first axis.
    static func away(_ distance: Float) -> [Float] { [distance] + [Float](repeating: 0, count: 127) }

    @Test func closeFacesMatchAndFarOnesDoNot() {
        #expect(
            FaceComparison.judge(selfie: Self.face(Self.origin), portrait: Self.face(Self.away(0.4)), maximumDistance: 0.6)
                == .match(distance: 0.4000000059604645)
        )
        #expect(
            FaceComparison.judge(selfie: Self.face(Self.origin), portrait: Self.face(Self.away(0.7)), maximumDistance: 0.6).status
                == "no_match"
        )
        // A tenant that tightens the threshold.
        #expect(
            FaceComparison.judge(selfie: Self.face(Self.origin), portrait: Self.face(Self.away(0.5)), maximumDistance: 0.45).status
                == "no_match"
        )
    }

    @Test(arguments: [
        (FaceObservation.noFace, "no_face"),
        (FaceComparisonTests.face(FaceComparisonTests.origin, prominent: 2), "multiple_faces"),
        (FaceComparisonTests.face(FaceComparisonTests.origin, side: 40), "face_too_small"),
        (FaceComparisonTests.face(FaceComparisonTests.origin, cropped: true), "face_cropped"),
        (FaceComparisonTests.face(FaceComparisonTests.origin, sharpness: 12), "face_blurry"),
        (FaceComparisonTests.face(FaceComparisonTests.origin, sharpness: .nan), "face_blurry"),
    ])
    func anUnusableFaceAsksForARetake(face: FaceObservation, reason: String) {
        let good = Self.face(Self.origin)
        #expect(FaceComparison.judge(selfie: face, portrait: good, maximumDistance: 0.6) == .retake(reason: reason, photo: "selfie"))
        #expect(FaceComparison.judge(selfie: good, portrait: face, maximumDistance: 0.6) == .retake(reason: reason, photo: "portrait"))
    }

    @Test func descriptorsOfDifferentLengthsNeverMatch() {
        #expect(FaceComparison.distance([0, 0], [0]) == .infinity)
        #expect(FaceComparison.distance([], []) == .infinity)
    }

    @Test func theRulesReadTheFaceSettings() throws {
        let rules = try RuleSet(json: ["face": ["enabled": false, "max_distance": 0.5, "on_no_match": "reject", "on_duplicate": "reject"]])
        #expect(!rules.faceEnabled)
        #expect(rules.faceMaximumDistance == 0.5)
        #expect(rules.onFaceNoMatch == .reject)
        #expect(rules.onDuplicateFace == .reject)
        let again = try RuleSet(json: rules.json)
        #expect(again.faceMaximumDistance == 0.5 && again.onDuplicateFace == .reject && !again.faceEnabled)
        #expect(throws: RuleSetInvalid.self) { try RuleSet(json: ["face": ["max_distance": 1.5]]) }
        #expect(throws: RuleSetInvalid.self) { try RuleSet(json: ["face": ["threshold": 0.5]]) }
    }

    @Test func theEngineSendsAMismatchWhereTheRulesSay() {
        let review = DecisionEngineTests.decide { signals, _ in signals.face = FaceSignal(status: "no_match", distance: 0.8) }
        #expect(review.verdict == .inReview)
        #expect(review.reasons.contains("face_no_match"))
        let reject = DecisionEngineTests.decide { signals, rules in
            signals.face = FaceSignal(status: "no_match", distance: 0.8)
            rules.onFaceNoMatch = .reject
        }
        #expect(reject.verdict == .rejected)
        let retake = DecisionEngineTests.decide { signals, _ in signals.face = FaceSignal(status: "retake", reason: "face_blurry") }
        #expect(retake.reasons.contains("face_blurry"))
        let duplicate = DecisionEngineTests.decide { signals, _ in
            signals.face = FaceSignal(status: "match", distance: 0.3, duplicate: true)
        }
        #expect(duplicate.reasons.contains("duplicate_face"))
        let off = DecisionEngineTests.decide { signals, rules in
            signals.face = FaceSignal(status: "no_match", distance: 0.8)
            rules.faceEnabled = false
        }
        #expect(off.verdict == .verified)
        let matched = DecisionEngineTests.decide { signals, _ in signals.face = FaceSignal(status: "match", distance: 0.3) }
        #expect(matched.verdict == .verified)
    }

    @Test func rulesReadTheFaceSignals() throws {
        var signals = DecisionSignals()
        signals.face = FaceSignal(status: "no_match", distance: 0.75, duplicate: true)
        let json = signals.json(riskScore: 0)
        #expect(json["face"]?["status"] == .string("no_match"))
        #expect(json["face"]?["distance"] == .number(0.75))
        #expect(json["face"]?["duplicate"] == .bool(true))
        #expect(DecisionSignals.isDocumented("face.distance"))
    }
}
