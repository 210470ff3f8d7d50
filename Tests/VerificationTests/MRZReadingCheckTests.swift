import Base
import Testing
import Verification

/// Where an identity document's zone comes from: the photo first, the client's only when the
/// photo backs it or was never read; and the extraction that records it.
@Suite struct MRZReadingCheckTests {
    typealias Checker = DocumentCheckerTests

    static func check(mrz: String?, zone: PhotoZone?, rules: RuleSet = RuleSet()) -> DocumentCheckReport {
        let input = DocumentCheckInput(
            type: "ID_FRONT",
            bytes: Checker.card(),
            mrz: mrz,
            fields: [:],
            profile: Checker.profile,
            today: Checker.today,
            photo: Checker.sharpPhoto,
            zone: zone
        )
        return DocumentChecker.check(input, rules: rules)
    }

    static let confidences = ["surname": 0.97, "document_number": 1.0]

    @Test func aZoneReadFromThePhotoIsUsedWithoutOneFromTheClient() throws {
        let report = Self.check(mrz: nil, zone: .read(text: Checker.td1(), confidences: Self.confidences, pitch: 20))
        #expect(Checker.status(report).status == "VERIFIED")
        #expect(Checker.outcome(report, "mrz_reading")?.outcome == .pass)
        #expect(report.signals.mrzSource == "image")
        let extraction = try #require(report.extraction)
        #expect(extraction.source == .image)
        #expect(extraction.fields["surname"] == DocumentExtraction.Field(value: "ERIKSSON", source: .image, confidence: 0.97))
        #expect(extraction.fields["date_of_birth"]?.value == "1974-08-12")
        #expect(extraction.fields["given_names"]?.confidence == 1, "a field without a figure is taken as sure")
        #expect(extraction.match.dateOfBirthMatches == true)
        #expect(extraction.match.nameScore == report.signals.nameScore)
        #expect(report.documentNumber == "D23145890")
    }

    @Test func theClientsZoneAgreeingWithThePhotosPasses() {
        let sent = Checker.td1().lowercased() + "\n"
        let report = Self.check(mrz: sent, zone: .read(text: Checker.td1(), confidences: [:], pitch: 20))
        #expect(Checker.outcome(report, "mrz_reading") == CheckResult(name: "mrz_reading", outcome: .pass))
        #expect(Checker.status(report).status == "VERIFIED")
    }

    @Test func aDisagreementSendsToReviewAndThePhotoWins() throws {
        let report = Self.check(mrz: Checker.td1(birth: "750101"), zone: .read(text: Checker.td1(), confidences: [:], pitch: 20))
        #expect(Checker.outcome(report, "mrz_reading") == CheckResult(name: "mrz_reading", outcome: .review, reasons: ["mrz_mismatch"]))
        #expect(Checker.status(report) == ("IN_REVIEW", ["mrz_mismatch"]))
        #expect(try #require(report.extraction).fields["date_of_birth"]?.value == "1974-08-12", "what the photo shows")

        var rules = RuleSet()
        rules.onMRZMismatch = .reject
        let strict = Self.check(
            mrz: Checker.td1(birth: "750101"),
            zone: .read(text: Checker.td1(), confidences: [:], pitch: 20),
            rules: rules
        )
        #expect(Checker.status(strict) == ("REJECTED", ["mrz_mismatch"]))
    }

    @Test func aClaimThePhotoDoesNotBackGoesToReviewUnlessTheTenantRelaxesIt() throws {
        for zone in [PhotoZone.notFound(cropped: false), .unreadable(pitch: 20)] {
            let report = Self.check(mrz: Checker.td1(), zone: zone)
            #expect(Checker.status(report) == ("IN_REVIEW", ["mrz_not_confirmed"]))
            #expect(report.signals.mrzSource == "client")
            #expect(try #require(report.extraction).fields.values.allSatisfy { $0.source == .client && $0.confidence == 1 })
        }
        var relaxed = RuleSet()
        relaxed.onUnconfirmedMRZ = .ignore
        #expect(Checker.status(Self.check(mrz: Checker.td1(), zone: .notFound(cropped: false), rules: relaxed)).status == "VERIFIED")
    }

    @Test func pixelsNeverReadLeaveTheClientsZoneUnjudged() {
        let report = Self.check(mrz: Checker.td1(), zone: nil)
        #expect(Checker.outcome(report, "mrz_reading") == nil)
        #expect(report.signals.mrzSource == "client")
        #expect(Checker.status(report).status == "VERIFIED")
    }

    @Test func noZoneAnywhereIsNormalForOneSide() {
        let report = Self.check(mrz: nil, zone: .notFound(cropped: false))
        #expect(Checker.outcome(report, "mrz") == CheckResult(name: "mrz", outcome: .skipped, reasons: ["mrz_not_found"]))
        #expect(report.extraction == nil)
        #expect(Checker.status(report).status == "VERIFIED")
    }

    @Test func aCutOffOrTinyZoneAsksForAnotherPhoto() {
        let cropped = Self.check(mrz: nil, zone: .notFound(cropped: true))
        #expect(Checker.status(cropped) == ("REJECTED", ["document_cropped"]))
        let tiny = Self.check(mrz: nil, zone: .unreadable(pitch: 5))
        #expect(Checker.status(tiny) == ("REJECTED", ["image_too_small"]))
        #expect(DocumentChecker.asksForRetake(["document_cropped", "image_blurry"]))
        #expect(!DocumentChecker.asksForRetake(["document_cropped", "name_mismatch"]))
        #expect(!DocumentChecker.asksForRetake([]))
    }

    @Test func theRulesRoundTripTheirMRZReadingSection() throws {
        let parsed = try RuleSet(
            json: .object(["mrz_reading": .object(["on_mismatch": .string("reject"), "on_unconfirmed": .string("ignore")])])
        )
        #expect(parsed.onMRZMismatch == .reject)
        #expect(parsed.onUnconfirmedMRZ == .ignore)
        #expect(
            parsed.json.objectValue?["mrz_reading"] == .object(["on_mismatch": .string("reject"), "on_unconfirmed": .string("ignore")])
        )
    }
}
