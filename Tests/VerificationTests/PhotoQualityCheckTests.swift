import Base
import Testing
import Verification

/// The photo-quality check compares what the pixels measured with the tenant's thresholds.
@Suite struct PhotoQualityCheckTests {
    static func report(_ photo: PhotoReading?, type: String = "ID_FRONT", rules: RuleSet = RuleSet(), pdf: Bool = false)
        -> DocumentCheckReport
    {
        DocumentCheckerTests.check(type, pdf ? FileSamples.pdf(pages: 1) : DocumentCheckerTests.card(), rules: rules, photo: photo)
    }

    static func photoCheck(_ report: DocumentCheckReport) -> CheckResult? {
        DocumentCheckerTests.outcome(report, "photo_quality")
    }

    @Test func sharpPhotoPassesAndItsFiguresAreSignals() {
        let report = Self.report(.measured(sharpness: 300, glare: 0.001))
        #expect(Self.photoCheck(report) == CheckResult(name: "photo_quality", outcome: .pass))
        #expect(report.signals.sharpness == 300 && report.signals.glare == 0.001)
    }

    @Test(arguments: [
        (PhotoReading.measured(sharpness: 5, glare: 0), ["image_blurry"]),
        (PhotoReading.measured(sharpness: 300, glare: 0.2), ["image_glare"]),
        (PhotoReading.measured(sharpness: 5, glare: 0.2), ["image_blurry", "image_glare"]),
    ])
    func poorPhotoIsRejectedWithEveryReason(photo: PhotoReading, reasons: [String]) {
        let report = Self.report(photo)
        #expect(Self.photoCheck(report) == CheckResult(name: "photo_quality", outcome: .fail, reasons: reasons))
        #expect(DocumentCheckerTests.status(report).status == "REJECTED")
        #expect(DocumentCheckerTests.status(report).reasons == reasons)
    }

    @Test func thresholdsAndActionComeFromTheRules() throws {
        var rules = RuleSet()
        rules.minimumSharpness = 2
        #expect(Self.photoCheck(Self.report(.measured(sharpness: 5, glare: 0), rules: rules))?.outcome == .pass)
        rules.onPoorPhoto = .review
        rules.maximumGlare = 0.1
        let report = Self.report(.measured(sharpness: 1, glare: 0.2), rules: rules)
        #expect(Self.photoCheck(report)?.outcome == .review)
        #expect(DocumentCheckerTests.status(report, rules: rules).status == "IN_REVIEW")

        let section: JSONValue = .object(["minimum_sharpness": .number(7), "maximum_glare": .number(0.3), "on_failure": .string("ignore")])
        let parsed = try RuleSet(json: .object(["photo_quality": section]))
        #expect(parsed.minimumSharpness == 7 && parsed.maximumGlare == 0.3 && parsed.onPoorPhoto == .ignore)
        #expect(parsed.json.objectValue?["photo_quality"] == section, "written back as read")
        #expect(throws: RuleSetInvalid.self) { try RuleSet(json: .object(["photo_quality": .object(["maximum_glare": .number(2)])])) }
        #expect(throws: RuleSetInvalid.self) { try RuleSet(json: .object(["photo_quality": .object(["blur": .number(1)])])) }
    }

    @Test func unmeasuredPhotosAreSkippedNeverPassed() {
        #expect(Self.photoCheck(Self.report(nil)) == CheckResult(name: "photo_quality", outcome: .skipped, reasons: ["photo_not_measured"]))
        #expect(
            Self.photoCheck(Self.report(.undecodable))
                == CheckResult(name: "photo_quality", outcome: .skipped, reasons: ["photo_undecodable"])
        )
    }

    @Test func scansAndProofsOfAddressAreNotJudgedAsPhotos() {
        #expect(Self.photoCheck(Self.report(.measured(sharpness: 1, glare: 1), pdf: true)) == nil)
        #expect(Self.photoCheck(Self.report(.measured(sharpness: 1, glare: 1), type: "PROOF_OF_ADDRESS")) == nil)
    }

    @Test func theLeastSharpAndMostGlaredPhotoAreTheApplicantsSignals() {
        var a = DocumentSignals()
        a.sharpness = 40
        a.glare = 0.01
        var b = DocumentSignals()
        b.sharpness = 25
        b.glare = 0.001
        let signals = DecisionSignals.assemble(
            documents: [
                DocumentFacts(type: "ID_FRONT", status: "VERIFIED", signals: a),
                DocumentFacts(type: "SELFIE", status: "VERIFIED", signals: b),
            ],
            profile: ProfileFacts(),
            today: DocumentCheckerTests.today
        )
        #expect(signals.photoSharpness == 25 && signals.photoGlare == 0.01)
        let json = signals.json(riskScore: 0)
        #expect(json.objectValue?["photo"] == .object(["sharpness": .number(25), "glare": .number(0.01)]))
        #expect(DecisionSignals.isDocumented("photo.sharpness"))
    }
}
