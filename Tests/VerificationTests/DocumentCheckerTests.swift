import Base
import Testing
import Verification

/// Each document type checked from real file structures, zones and profiles.
@Suite struct DocumentCheckerTests {
    static let today = MRZFixtures.today
    static let profile = ProfileFacts(
        firstName: "Anna Maria",
        lastName: "Eriksson",
        dateOfBirth: CivilDate(year: 1974, month: 8, day: 12),
        nationality: "UTO"
    )

    /// The specimen identity card with the given dates, every check digit made right.
    static func td1(birth: String = "740812", expiry: String = "310415") -> String {
        var lines = MRZFixtures.writing(birth + String(MRZFixtures.checkDigit(birth)), into: MRZFixtures.td1, line: 2, column: 1)
        lines = MRZFixtures.writing(expiry + String(MRZFixtures.checkDigit(expiry)), into: lines, line: 2, column: 9)
        return MRZFixtures.withCompositeRecomputed(lines).joined(separator: "\n")
    }

    static func check(
        _ type: String,
        _ bytes: [UInt8],
        mrz: String? = nil,
        fields: [String: String] = [:],
        profile: ProfileFacts = profile,
        rules: RuleSet = RuleSet(),
        photo: PhotoReading? = sharpPhoto
    ) -> DocumentCheckReport {
        let input = DocumentCheckInput(type: type, bytes: bytes, mrz: mrz, fields: fields, profile: profile, today: today, photo: photo)
        return DocumentChecker.check(input, rules: rules)
    }

    /// What a sharp photo without reflections measures.
    static let sharpPhoto = PhotoReading.measured(sharpness: 800, glare: 0)

    static func status(_ report: DocumentCheckReport, rules: RuleSet = RuleSet()) -> (status: String, reasons: [String]) {
        let verdict = DocumentChecker.verdict(report, duplicateFile: false, duplicateDocumentNumber: false, rules: rules)
        return (verdict.status.rawValue, verdict.reasons)
    }

    static func outcome(_ report: DocumentCheckReport, _ name: String) -> CheckResult? {
        report.checks.first { $0.name == name }
    }

    static func card(width: Int = 1280, height: Int = 800) -> [UInt8] { FileSamples.jpeg(width: width, height: height) }

    // MARK: document types

    @Test func identityFrontWithAValidZoneIsVerified() {
        let report = Self.check("ID_FRONT", Self.card(), mrz: Self.td1())
        #expect(
            report.checks.map(\.name) == [
                "file_type", "file_integrity", "resolution", "photo_quality", "tampering", "mrz", "name_match", "birth_date",
                "expiry",
            ]
        )
        #expect(report.checks.allSatisfy { $0.outcome == .pass && $0.reasons.isEmpty })
        #expect(report.documentNumber == "D23145890")
        let signals = report.signals
        #expect(signals.fileType == "jpeg")
        #expect(signals.width == 1280)
        #expect(signals.height == 800)
        #expect(signals.editingTools.isEmpty)
        #expect(signals.mrzValid == true)
        #expect(signals.documentCode == "I")
        #expect(signals.issuingCountry == "UTO")
        #expect(signals.nationality == "UTO")
        #expect(signals.birthDate == "1974-08-12")
        #expect(signals.expiryDate == "2031-04-15")
        #expect(signals.daysToExpiry == CivilDate(year: 2031, month: 4, day: 15)!.daysSinceEpoch - Self.today.daysSinceEpoch)
        #expect(signals.nameScore == 1)
        #expect(signals.birthDateMatches == true)
        #expect(signals.proofOfAddressAgeDays == nil)
        #expect(Self.status(report) == ("VERIFIED", []))
    }

    @Test func passportScanAsPDFIsVerified() {
        let zone = MRZFixtures.td3(expiry: "310415").joined(separator: "\n")
        let report = Self.check("ID_FRONT", FileSamples.pdf(pages: 1), mrz: zone)
        #expect(report.checks.allSatisfy { $0.outcome == .pass })
        #expect(report.signals.fileType == "pdf")
        #expect(report.signals.pageCount == 1)
        #expect(report.signals.documentCode == "P")
        #expect(report.documentNumber == "L898902C3")
        #expect(Self.status(report).status == "VERIFIED")
    }

    @Test func identityBackWithoutAZoneSkipsTheZoneAndIsVerified() {
        let report = Self.check("ID_BACK", FileSamples.png(width: 800, height: 600))
        #expect(report.checks.map(\.name) == ["file_type", "file_integrity", "resolution", "photo_quality", "tampering", "mrz"])
        #expect(Self.outcome(report, "mrz") == CheckResult(name: "mrz", outcome: .skipped, reasons: ["mrz_not_provided"]))
        #expect(report.signals.mrzValid == nil)
        #expect(report.documentNumber == nil)
        #expect(Self.status(report) == ("VERIFIED", []))
    }

    @Test func blankZoneCountsAsNotProvided() {
        let report = Self.check("ID_BACK", Self.card(), mrz: " \n \t")
        #expect(Self.outcome(report, "mrz")?.reasons == ["mrz_not_provided"])
    }

    @Test func proofOfAddressStatementAsPDFIsVerified() {
        let report = Self.check("PROOF_OF_ADDRESS", FileSamples.pdf(pages: 2), mrz: Self.td1(), fields: ["issue_date": "2026-05-02"])
        #expect(report.checks.map(\.name) == ["file_type", "file_integrity", "resolution", "tampering", "issue_date"])
        #expect(report.checks.allSatisfy { $0.outcome == .pass })
        #expect(report.signals.proofOfAddressAgeDays == 30)
        #expect(report.signals.mrzValid == nil)
        #expect(Self.status(report).status == "VERIFIED")
    }

    static func selfie(_ format: String) -> [UInt8] {
        switch format {
        case "jpeg": return FileSamples.jpeg(width: 1080, height: 1920)
        case "png": return FileSamples.png(width: 480, height: 480)
        case "webp": return FileSamples.webpLossy(width: 720, height: 720)
        default: return FileSamples.heic(width: 4032, height: 3024)
        }
    }

    @Test(arguments: ["jpeg", "png", "webp", "heic"])
    func selfieInAnImageFormatIsVerified(format: String) {
        let report = Self.check("SELFIE", Self.selfie(format))
        #expect(report.signals.fileType == format)
        #expect(report.checks.map(\.name) == ["file_type", "file_integrity", "resolution", "photo_quality", "tampering"])
        #expect(report.checks.allSatisfy { $0.outcome == .pass })
        #expect(Self.status(report) == ("VERIFIED", []))
    }

    @Test func selfieAsPDFIsNotAllowed() {
        let report = Self.check("SELFIE", FileSamples.pdf(pages: 1))
        #expect(report.checks == [CheckResult(name: "file_type", outcome: .fail, reasons: ["file_type_not_allowed"])])
        #expect(report.signals.fileType == "pdf")
        #expect(Self.status(report) == ("REJECTED", ["file_type_not_allowed"]))
    }

    @Test func unrecognisedFileIsNotAllowedButTheZoneIsStillRead() {
        let report = Self.check("ID_FRONT", FileSamples.ascii("GIF89a this is not a supported picture"), mrz: Self.td1())
        #expect(report.signals.fileType == nil)
        #expect(report.checks.first == CheckResult(name: "file_type", outcome: .fail, reasons: ["file_type_not_allowed"]))
        #expect(Self.outcome(report, "mrz")?.outcome == .pass)
        #expect(Self.status(report) == ("REJECTED", ["file_type_not_allowed"]))
    }

    // MARK: file integrity

    @Test func truncatedFileFails() {
        let report = Self.check("SELFIE", FileSamples.jpeg(width: 640, height: 640, endMarker: false))
        #expect(Self.outcome(report, "file_integrity") == CheckResult(name: "file_integrity", outcome: .fail, reasons: ["file_truncated"]))
        #expect(Self.outcome(report, "resolution")?.outcome == .pass)
        #expect(Self.status(report) == ("REJECTED", ["file_truncated"]))
    }

    @Test func corruptFileFailsAndItsSizeIsUnknown() {
        var bytes = FileSamples.jpeg(width: 640, height: 640)
        // The byte after the JFIF segment should start the next marker.
        bytes[2 + 4 + 14] = 0x12
        let report = Self.check("SELFIE", bytes)
        #expect(Self.outcome(report, "file_integrity")?.reasons == ["file_corrupt"])
        #expect(Self.outcome(report, "resolution") == CheckResult(name: "resolution", outcome: .review, reasons: ["dimensions_unknown"]))
        #expect(Self.status(report) == ("REJECTED", ["file_corrupt"]))
    }

    @Test func fileCutInsideItsHeadersIsCorruptAndTruncated() {
        let report = Self.check("SELFIE", Array(FileSamples.jpeg().prefix(40)))
        #expect(Self.outcome(report, "file_integrity")?.reasons == ["file_corrupt", "file_truncated"])
    }

    // MARK: resolution

    static let identitySizes: [(width: Int, height: Int, fits: Bool)] = [
        (640, 400, true), (400, 640, true), (4032, 3024, true), (639, 400, false), (640, 399, false), (400, 639, false),
        (500, 500, false), (4000, 300, false),
    ]

    @Test(arguments: identitySizes)
    func identityResolutionInEitherOrientation(size: (width: Int, height: Int, fits: Bool)) {
        let report = Self.check("ID_BACK", Self.card(width: size.width, height: size.height))
        let expected =
            size.fits
            ? CheckResult(name: "resolution", outcome: .pass)
            : CheckResult(name: "resolution", outcome: .fail, reasons: ["resolution_too_low"])
        #expect(Self.outcome(report, "resolution") == expected)
        #expect(report.signals.width == size.width)
        #expect(report.signals.height == size.height)
    }

    @Test func resolutionFollowsTheRuleSet() {
        var rules = RuleSet()
        rules.minimumResolution["SELFIE"] = MinimumResolution(width: 1000, height: 1000)
        #expect(Self.outcome(Self.check("SELFIE", Self.card(width: 1280, height: 800), rules: rules), "resolution")?.outcome == .fail)
        rules.minimumResolution["SELFIE"] = nil
        #expect(Self.outcome(Self.check("SELFIE", Self.card(width: 8, height: 8), rules: rules), "resolution")?.outcome == .pass)
    }

    @Test func pdfWhosePagesCannotBeCountedSkipsResolution() {
        let report = Self.check("PROOF_OF_ADDRESS", FileSamples.pdf(pages: 0), fields: ["issue_date": "2026-05-01"])
        #expect(report.signals.pageCount == nil)
        #expect(Self.outcome(report, "resolution") == CheckResult(name: "resolution", outcome: .skipped, reasons: ["page_count_unknown"]))
    }

    @Test func heicOfUnknownSizeGoesToAPerson() {
        let bytes = FileSamples.isoBox("ftyp", FileSamples.ascii("heic") + [0, 0, 0, 0] + FileSamples.ascii("mif1"))
        let report = Self.check("SELFIE", bytes)
        #expect(report.signals.fileType == "heic")
        #expect(Self.outcome(report, "resolution") == CheckResult(name: "resolution", outcome: .review, reasons: ["dimensions_unknown"]))
    }

    // MARK: tampering

    static let actionOutcomes: [(action: RuleAction, outcome: CheckOutcome, status: String)] = [
        (.review, .review, "IN_REVIEW"), (.reject, .fail, "REJECTED"), (.ignore, .pass, "VERIFIED"),
    ]

    @Test(arguments: actionOutcomes)
    func editingSoftwareFollowsOnTampering(example: (action: RuleAction, outcome: CheckOutcome, status: String)) {
        var rules = RuleSet()
        rules.onTampering = example.action
        let report = Self.check("SELFIE", FileSamples.jpeg(width: 800, height: 800, software: "Adobe Photoshop 25.0"), rules: rules)
        #expect(report.signals.editingTools == ["photoshop"])
        let expected = CheckResult(name: "tampering", outcome: example.outcome, reasons: ["editing_software_detected"])
        #expect(Self.outcome(report, "tampering") == expected)
        let verdict = Self.status(report, rules: rules)
        #expect(verdict.status == example.status)
        #expect(verdict.reasons == (example.action == .ignore ? [] : ["editing_software_detected"]))
    }

    // MARK: machine-readable zone

    @Test func zoneWithABadCheckDigitFailsAndStopsTheIdentityChecks() {
        let broken = MRZFixtures.withCompositeRecomputed(MRZFixtures.corruptingDigit(MRZFixtures.td1, line: 1, column: 15))
        let report = Self.check("ID_FRONT", Self.card(), mrz: broken.joined(separator: "\n"))
        #expect(
            Self.outcome(report, "mrz") == CheckResult(name: "mrz", outcome: .fail, reasons: ["mrz_document_number_check_digit_invalid"])
        )
        #expect(report.checks.map(\.name).suffix(2) == ["tampering", "mrz"])
        #expect(report.signals.mrzValid == false)
        #expect(report.signals.documentCode == "I")
        #expect(report.signals.nameScore == nil)
        #expect(report.documentNumber == "D23145890")
        #expect(Self.status(report) == ("REJECTED", ["mrz_document_number_check_digit_invalid"]))
    }

    @Test func textThatIsNoZoneFails() {
        let report = Self.check("ID_FRONT", Self.card(), mrz: "NOT A ZONE")
        #expect(Self.outcome(report, "mrz") == CheckResult(name: "mrz", outcome: .fail, reasons: ["mrz_format_invalid"]))
        #expect(report.signals.mrzValid == false)
        #expect(report.signals.documentCode == nil)
        #expect(report.documentNumber == nil)
    }

    // MARK: profile cross-checks

    @Test func nameThatMatchesLooselyGoesToReview() {
        let profile = ProfileFacts(firstName: "Eva", lastName: "Eriksson", dateOfBirth: Self.profile.dateOfBirth)
        let report = Self.check("ID_FRONT", Self.card(), mrz: Self.td1(), profile: profile)
        #expect(Self.outcome(report, "name_match") == CheckResult(name: "name_match", outcome: .review, reasons: ["name_uncertain"]))
        #expect(report.signals.nameScore == 0.65)
        #expect(Self.status(report) == ("IN_REVIEW", ["name_uncertain"]))
    }

    @Test func nameOfSomeoneElseFails() {
        let profile = ProfileFacts(firstName: "John", lastName: "Smith", dateOfBirth: Self.profile.dateOfBirth)
        let report = Self.check("ID_FRONT", Self.card(), mrz: Self.td1(), profile: profile)
        #expect(Self.outcome(report, "name_match") == CheckResult(name: "name_match", outcome: .fail, reasons: ["name_mismatch"]))
        #expect(report.signals.nameScore == 0)
    }

    @Test func nameThresholdsFollowTheRuleSet() {
        var rules = RuleSet()
        rules.nameRejectBelow = 0.7
        let profile = ProfileFacts(firstName: "Eva", lastName: "Eriksson")
        let report = Self.check("ID_FRONT", Self.card(), mrz: Self.td1(), profile: profile, rules: rules)
        #expect(Self.outcome(report, "name_match")?.outcome == .fail)
    }

    @Test func profileWithoutNamesOrBirthDateSkipsThoseChecks() {
        let report = Self.check("ID_FRONT", Self.card(), mrz: Self.td1(), profile: ProfileFacts())
        #expect(Self.outcome(report, "name_match") == CheckResult(name: "name_match", outcome: .skipped, reasons: ["profile_name_missing"]))
        #expect(Self.outcome(report, "birth_date") == CheckResult(name: "birth_date", outcome: .skipped, reasons: ["nothing_to_compare"]))
        #expect(report.signals.nameScore == nil)
        #expect(report.signals.birthDateMatches == nil)
        #expect(Self.status(report) == ("VERIFIED", []))
    }

    @Test func birthDateThatDiffersFails() {
        var profile = Self.profile
        profile.dateOfBirth = CivilDate(year: 1974, month: 8, day: 13)
        let report = Self.check("ID_FRONT", Self.card(), mrz: Self.td1(), profile: profile)
        #expect(Self.outcome(report, "birth_date") == CheckResult(name: "birth_date", outcome: .fail, reasons: ["birth_date_mismatch"]))
        #expect(report.signals.birthDateMatches == false)
    }

    // MARK: expiry

    @Test func expiredDocumentFails() {
        let report = Self.check("ID_FRONT", Self.card(), mrz: Self.td1(expiry: "260531"))
        #expect(Self.outcome(report, "expiry") == CheckResult(name: "expiry", outcome: .fail, reasons: ["document_expired"]))
        #expect(report.signals.daysToExpiry == -1)
    }

    @Test func documentExpiringTodayIsStillValid() {
        let report = Self.check("ID_FRONT", Self.card(), mrz: Self.td1(expiry: "260601"))
        #expect(Self.outcome(report, "expiry")?.outcome == .pass)
        #expect(report.signals.daysToExpiry == 0)
    }

    @Test func documentExpiringWithinTheMarginFails() {
        var rules = RuleSet()
        rules.documentExpiryMarginDays = 31
        let report = Self.check("ID_FRONT", Self.card(), mrz: Self.td1(expiry: "260701"), rules: rules)
        #expect(report.signals.daysToExpiry == 30)
        #expect(Self.outcome(report, "expiry") == CheckResult(name: "expiry", outcome: .fail, reasons: ["document_expires_soon"]))
        rules.documentExpiryMarginDays = 30
        #expect(
            Self.outcome(Self.check("ID_FRONT", Self.card(), mrz: Self.td1(expiry: "260701"), rules: rules), "expiry")?.outcome == .pass
        )
    }

    // MARK: proof of address

    static let issueDates: [(text: String?, reason: String?, ageDays: Int?)] = [
        (nil, "issue_date_missing", nil),
        ("2026-13-01", "issue_date_invalid", nil),
        ("01/05/2026", "issue_date_invalid", nil),
        ("2026-06-02", "issue_date_invalid", nil),
        ("2026-03-02", "proof_of_address_too_old", 91),
        ("2026-03-03", nil, 90),
        ("2026-06-01", nil, 0),
    ]

    @Test(arguments: issueDates)
    func issueDateOfAProofOfAddress(example: (text: String?, reason: String?, ageDays: Int?)) {
        let fields = example.text.map { ["issue_date": $0] } ?? [:]
        let report = Self.check("PROOF_OF_ADDRESS", FileSamples.pdf(pages: 1), fields: fields)
        let expected =
            example.reason.map { CheckResult(name: "issue_date", outcome: .fail, reasons: [$0]) }
            ?? CheckResult(name: "issue_date", outcome: .pass)
        #expect(Self.outcome(report, "issue_date") == expected)
        #expect(report.signals.proofOfAddressAgeDays == example.ageDays)
    }

    @Test func proofOfAddressAgeFollowsTheRuleSet() {
        var rules = RuleSet()
        rules.proofOfAddressMaxAgeDays = 30
        let report = Self.check("PROOF_OF_ADDRESS", FileSamples.pdf(pages: 1), fields: ["issue_date": "2026-05-01"], rules: rules)
        #expect(Self.outcome(report, "issue_date")?.reasons == ["proof_of_address_too_old"])
    }

    // MARK: verdict

    @Test(arguments: actionOutcomes)
    func duplicatesFollowOnDuplicate(example: (action: RuleAction, outcome: CheckOutcome, status: String)) {
        var rules = RuleSet()
        rules.onDuplicate = example.action
        let report = Self.check("ID_FRONT", Self.card(), mrz: Self.td1(), rules: rules)
        let verdict = DocumentChecker.verdict(report, duplicateFile: true, duplicateDocumentNumber: true, rules: rules)
        let reasons = ["duplicate_file", "duplicate_document_number"]
        #expect(verdict.checks.last == CheckResult(name: "duplicate", outcome: example.outcome, reasons: reasons))
        #expect(verdict.checks.count == report.checks.count + 1)
        #expect(verdict.status.rawValue == example.status)
        #expect(verdict.reasons == (example.action == .ignore ? [] : reasons))
        #expect(verdict.signals.duplicateFile)
        #expect(verdict.signals.duplicateDocumentNumber)
        #expect(!report.signals.duplicateFile)
    }

    @Test func noDuplicatePasses() {
        let report = Self.check("SELFIE", Self.card())
        let verdict = DocumentChecker.verdict(report, duplicateFile: false, duplicateDocumentNumber: true, rules: RuleSet())
        #expect(verdict.checks.last == CheckResult(name: "duplicate", outcome: .review, reasons: ["duplicate_document_number"]))
        let clean = DocumentChecker.verdict(report, duplicateFile: false, duplicateDocumentNumber: false, rules: RuleSet())
        #expect(clean.checks.last == CheckResult(name: "duplicate", outcome: .pass))
        #expect(clean.status == .verified)
    }

    @Test func rejectionGivesEveryFailingReasonAndNoReviewReason() {
        let bytes = FileSamples.jpeg(width: 320, height: 200, software: "GIMP 2.10", endMarker: false)
        let profile = ProfileFacts(firstName: "John", lastName: "Smith")
        let report = Self.check("ID_FRONT", bytes, mrz: Self.td1(), profile: profile)
        #expect(Self.status(report) == ("REJECTED", ["file_truncated", "resolution_too_low", "name_mismatch"]))
    }

    @Test func reviewGivesEveryReviewingReason() {
        let bytes = FileSamples.jpeg(width: 1280, height: 800, software: "GIMP 2.10")
        let profile = ProfileFacts(firstName: "Eva", lastName: "Eriksson")
        let report = Self.check("ID_FRONT", bytes, mrz: Self.td1(), profile: profile)
        let verdict = DocumentChecker.verdict(report, duplicateFile: true, duplicateDocumentNumber: false, rules: RuleSet())
        #expect(verdict.status == .inReview)
        #expect(verdict.reasons == ["editing_software_detected", "name_uncertain", "duplicate_file"])
    }

    @Test func skippedChecksStaySkippedAndDoNotBlock() {
        let report = Self.check("PROOF_OF_ADDRESS", FileSamples.pdf(pages: 0), fields: ["issue_date": "2026-05-01"])
        let skipped = report.checks.filter { $0.outcome == .skipped }
        #expect(skipped.map(\.name) == ["resolution"])
        #expect(skipped.allSatisfy { !$0.reasons.isEmpty })
        let verdict = DocumentChecker.verdict(report, duplicateFile: false, duplicateDocumentNumber: false, rules: RuleSet())
        #expect(verdict.status == .verified, "\(verdict.reasons)")
        #expect(verdict.reasons.isEmpty)
        #expect(verdict.checks.filter { $0.outcome == .skipped }.map(\.name) == ["resolution"])
    }
}
