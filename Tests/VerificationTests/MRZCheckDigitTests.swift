import Testing
import Verification

/// The 7-3-1 check digits and the failure each broken one reports.
@Suite struct MRZCheckDigitTests {
    typealias Fixtures = MRZFixtures

    @Test func checkDigitExamples() {
        #expect(MRZ.checkDigit("D23145890".utf8) == 7)
        #expect(MRZ.checkDigit("L898902C3".utf8) == 6)
        #expect(MRZ.checkDigit("740812".utf8) == 2)
        #expect(MRZ.checkDigit("120415".utf8) == 9)
        #expect(MRZ.checkDigit("ZE184226B<<<<<".utf8) == 1)
        #expect(MRZ.checkDigit("D23145890734".utf8) == 9)
        #expect(MRZ.checkDigit("<<<<<<".utf8) == 0)
        #expect(MRZ.checkDigit([UInt8]()) == 0)
        #expect(MRZ.checkDigit("z".utf8) == 5)
    }

    struct Corruption: Sendable, CustomStringConvertible {
        let zone: String
        let line: Int
        let column: Int
        let failure: String
        var description: String { "\(zone) \(line):\(column) -> \(failure)" }

        var lines: [String] {
            switch zone {
            case "td1": return Fixtures.td1
            case "td2": return Fixtures.td2
            default: return Fixtures.td3
            }
        }
    }

    static let corruptions = [
        Corruption(zone: "td1", line: 1, column: 15, failure: "mrz_document_number_check_digit_invalid"),
        Corruption(zone: "td1", line: 2, column: 7, failure: "mrz_birth_date_check_digit_invalid"),
        Corruption(zone: "td1", line: 2, column: 15, failure: "mrz_expiry_date_check_digit_invalid"),
        Corruption(zone: "td1", line: 2, column: 30, failure: "mrz_composite_check_digit_invalid"),
        Corruption(zone: "td2", line: 2, column: 10, failure: "mrz_document_number_check_digit_invalid"),
        Corruption(zone: "td2", line: 2, column: 20, failure: "mrz_birth_date_check_digit_invalid"),
        Corruption(zone: "td2", line: 2, column: 28, failure: "mrz_expiry_date_check_digit_invalid"),
        Corruption(zone: "td2", line: 2, column: 36, failure: "mrz_composite_check_digit_invalid"),
        Corruption(zone: "td3", line: 2, column: 10, failure: "mrz_document_number_check_digit_invalid"),
        Corruption(zone: "td3", line: 2, column: 20, failure: "mrz_birth_date_check_digit_invalid"),
        Corruption(zone: "td3", line: 2, column: 28, failure: "mrz_expiry_date_check_digit_invalid"),
        Corruption(zone: "td3", line: 2, column: 43, failure: "mrz_optional_data_check_digit_invalid"),
        Corruption(zone: "td3", line: 2, column: 44, failure: "mrz_composite_check_digit_invalid"),
    ]

    /// The composite is made right again after the change, so only the corrupted digit's own check fails.
    @Test(arguments: corruptions)
    func eachCorruptedCheckDigitReportsItsCode(corruption: Corruption) {
        var lines = Fixtures.corruptingDigit(corruption.lines, line: corruption.line, column: corruption.column)
        if corruption.failure != "mrz_composite_check_digit_invalid" { lines = Fixtures.withCompositeRecomputed(lines) }
        let result = Fixtures.parse(lines)
        #expect(result.failures == [corruption.failure])
        #expect(result.document != nil)
        #expect(!result.isValid)
    }

    @Test func corruptedFieldAlsoBreaksTheComposite() {
        let lines = Fixtures.replacing(Fixtures.td3, line: 2, column: 1, with: "M")
        let result = Fixtures.parse(lines)
        #expect(result.failures == ["mrz_document_number_check_digit_invalid", "mrz_composite_check_digit_invalid"])
        #expect(result.document?.documentNumber == "M898902C3")
    }

    @Test func letterInCheckDigitPositionFails() {
        let lines = Fixtures.withCompositeRecomputed(Fixtures.replacing(Fixtures.td2, line: 2, column: 20, with: "A"))
        #expect(Fixtures.parse(lines).failures == ["mrz_birth_date_check_digit_invalid"])
    }

    @Test func fillerCheckDigitOverAPersonalNumberFails() {
        let lines = Fixtures.withCompositeRecomputed(Fixtures.replacing(Fixtures.td3, line: 2, column: 43, with: "<"))
        #expect(Fixtures.parse(lines).failures == ["mrz_optional_data_check_digit_invalid"])
    }

    @Test func failuresFollowZoneOrder() {
        var lines = Fixtures.writing(String(repeating: "<", count: 39), into: Fixtures.td3, line: 1, column: 6)
        lines = Fixtures.corruptingDigit(lines, line: 2, column: 28)
        lines = Fixtures.replacing(lines, line: 2, column: 1, with: "X")
        lines = Fixtures.writing("741312", into: lines, line: 2, column: 14)
        #expect(
            Fixtures.parse(lines).failures == [
                "mrz_names_missing",
                "mrz_document_number_check_digit_invalid",
                "mrz_birth_date_invalid",
                "mrz_birth_date_check_digit_invalid",
                "mrz_expiry_date_check_digit_invalid",
                "mrz_composite_check_digit_invalid",
            ]
        )
    }

    // MARK: Long document numbers

    static let longTD1 = [
        "I<UTOD23145890<7349<<<<<<<<<<<",
        "7408122F1204159UTO<<<<<<<<<<<6",
        "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    ]

    @Test func td1LongDocumentNumberContinuesInOptionalData() {
        let result = Fixtures.parse(Self.longTD1)
        #expect(result.failures == [])
        #expect(result.document?.documentNumber == "D23145890734")
        #expect(result.document?.optionalData == "")
    }

    @Test func td1LongDocumentNumberLeavesTheRestOfTheOptionalData() {
        let lines = Fixtures.withCompositeRecomputed(Fixtures.writing("<AB12", into: Self.longTD1, line: 1, column: 20))
        let result = Fixtures.parse(lines)
        #expect(result.failures == [])
        #expect(result.document?.documentNumber == "D23145890734")
        #expect(result.document?.optionalData == "AB12")
    }

    @Test func td1LongDocumentNumberWithWrongCheckDigit() {
        let lines = Fixtures.withCompositeRecomputed(Fixtures.corruptingDigit(Self.longTD1, line: 1, column: 19))
        let result = Fixtures.parse(lines)
        #expect(result.failures == ["mrz_document_number_check_digit_invalid"])
        #expect(result.document?.documentNumber == "D23145890734")
    }

    @Test func fillerCheckDigitWithoutContinuationFails() {
        let lines = Fixtures.withCompositeRecomputed(Fixtures.replacing(Fixtures.td1, line: 1, column: 15, with: "<"))
        let result = Fixtures.parse(lines)
        #expect(result.failures == ["mrz_document_number_check_digit_invalid"])
        #expect(result.document?.documentNumber == "D23145890")
    }

    @Test func td2LongDocumentNumber() {
        let lines = ["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D23145890<UTO7408122F12041597349<<<2"]
        let result = Fixtures.parse(lines)
        #expect(result.failures == [])
        #expect(result.document?.documentNumber == "D23145890734")
        #expect(result.document?.optionalData == "")
    }

    /// Passports have no long number form: a filler check digit is simply wrong.
    @Test func td3HasNoLongDocumentNumber() {
        var lines = Fixtures.replacing(Fixtures.td3, line: 2, column: 10, with: "<")
        let personalNumber = "7349<<<<<<<<<<"
        lines = Fixtures.writing(personalNumber + String(Fixtures.checkDigit(personalNumber)), into: lines, line: 2, column: 29)
        lines = Fixtures.withCompositeRecomputed(lines)
        let result = Fixtures.parse(lines)
        #expect(result.failures == ["mrz_document_number_check_digit_invalid"])
        #expect(result.document?.documentNumber == "L898902C3")
        #expect(result.document?.optionalData == "7349")
    }
}
