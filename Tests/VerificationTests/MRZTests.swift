import Base
import Testing
import Verification

/// Reading the Doc 9303 specimens and recognising what is not a zone.
@Suite struct MRZTests {
    typealias Fixtures = MRZFixtures

    static let invalidFormat = MRZResult(document: nil, failures: ["mrz_format_invalid"])

    // MARK: Specimens

    @Test func td1Specimen() {
        let result = Fixtures.parse(Fixtures.td1)
        #expect(result.failures == [])
        #expect(result.isValid)
        #expect(
            result.document
                == MRZDocument(
                    format: .td1,
                    documentCode: "I",
                    issuingState: "UTO",
                    surname: "ERIKSSON",
                    givenNames: "ANNA MARIA",
                    documentNumber: "D23145890",
                    nationality: "UTO",
                    birthDate: CivilDate(year: 1974, month: 8, day: 12),
                    sex: "F",
                    expiryDate: CivilDate(year: 2012, month: 4, day: 15),
                    optionalData: ""
                )
        )
    }

    @Test func td2Example() {
        let result = Fixtures.parse(Fixtures.td2)
        #expect(result.failures == [])
        #expect(
            result.document
                == MRZDocument(
                    format: .td2,
                    documentCode: "I",
                    issuingState: "UTO",
                    surname: "ERIKSSON",
                    givenNames: "ANNA MARIA",
                    documentNumber: "D23145890",
                    nationality: "UTO",
                    birthDate: CivilDate(year: 1974, month: 8, day: 12),
                    sex: "F",
                    expiryDate: CivilDate(year: 2012, month: 4, day: 15),
                    optionalData: ""
                )
        )
    }

    @Test func td3Specimen() {
        let result = Fixtures.parse(Fixtures.td3)
        #expect(result.failures == [])
        #expect(result.isValid)
        #expect(
            result.document
                == MRZDocument(
                    format: .td3,
                    documentCode: "P",
                    issuingState: "UTO",
                    surname: "ERIKSSON",
                    givenNames: "ANNA MARIA",
                    documentNumber: "L898902C3",
                    nationality: "UTO",
                    birthDate: CivilDate(year: 1974, month: 8, day: 12),
                    sex: "F",
                    expiryDate: CivilDate(year: 2012, month: 4, day: 15),
                    optionalData: "ZE184226B"
                )
        )
    }

    /// Doc 9303 Part 7 visas have no composite or personal number check digit.
    @Test func visasReadWithoutCompositeCheck() {
        let mrvA = Fixtures.parse([
            "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            "L8988901C4XXX4009078F96121096ZE184226B<<<<<<",
        ])
        #expect(mrvA.failures == [])
        #expect(mrvA.document?.format == .td3)
        #expect(mrvA.document?.documentNumber == "L8988901C")
        #expect(mrvA.document?.nationality == "XXX")
        #expect(mrvA.document?.birthDate == CivilDate(year: 1940, month: 9, day: 7))
        #expect(mrvA.document?.expiryDate == CivilDate(year: 1996, month: 12, day: 10))
        #expect(mrvA.document?.optionalData == "6ZE184226B")

        let mrvB = Fixtures.parse([
            "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
            "L8988901C4XXX4009078F9612109<<<<<<<<",
        ])
        #expect(mrvB.failures == [])
        #expect(mrvB.document?.format == .td2)
        #expect(mrvB.document?.documentCode == "V")
    }

    @Test func passportWithoutPersonalNumberMayFillItsCheckDigit() {
        let filled = Fixtures.withCompositeRecomputed(
            Fixtures.writing("<<<<<<<<<<<<<<<", into: Fixtures.td3, line: 2, column: 29)
        )
        #expect(Fixtures.parse(filled).failures == [])
        #expect(Fixtures.parse(filled).document?.optionalData == "")
        let zero = Fixtures.withCompositeRecomputed(Fixtures.replacing(filled, line: 2, column: 43, with: "0"))
        #expect(Fixtures.parse(zero).failures == [])
    }

    // MARK: Fields

    @Test func namesWithoutDoubleFillerAreAllSurname() {
        let lines = Fixtures.writing("ERIKSSON<ANNA<<<<<<<<<<<<<<<<<", into: Fixtures.td1, line: 3, column: 1)
        let document = Fixtures.parse(lines).document
        #expect(document?.surname == "ERIKSSON ANNA")
        #expect(document?.givenNames == "")
    }

    @Test func namesSplitAtFirstDoubleFiller() {
        let lines = Fixtures.writing("VAN<DER<BERG<<JAN<<PIETER<<<<<", into: Fixtures.td1, line: 3, column: 1)
        let document = Fixtures.parse(lines).document
        #expect(document?.surname == "VAN DER BERG")
        #expect(document?.givenNames == "JAN PIETER")
        #expect(Fixtures.parse(lines).isValid)
    }

    @Test func singleNameInGivenNamesIsAccepted() {
        let lines = Fixtures.writing("<<ANNA<<<<<<<<<<<<<<<<<<<<<<<<", into: Fixtures.td1, line: 3, column: 1)
        let result = Fixtures.parse(lines)
        #expect(result.failures == [])
        #expect(result.document?.surname == "")
        #expect(result.document?.givenNames == "ANNA")
    }

    @Test func fillerOnlyNamesAreMissing() {
        let lines = Fixtures.writing(String(repeating: "<", count: 30), into: Fixtures.td1, line: 3, column: 1)
        let result = Fixtures.parse(lines)
        #expect(result.failures == ["mrz_names_missing"])
        #expect(result.document?.surname == "")
        #expect(!result.isValid)
    }

    @Test func unspecifiedSexReadsAsX() {
        let lines = Fixtures.withCompositeRecomputed(Fixtures.replacing(Fixtures.td3, line: 2, column: 21, with: "<"))
        #expect(Fixtures.parse(lines).failures == [])
        #expect(Fixtures.parse(lines).document?.sex == "X")
    }

    @Test func shortStateCodesLoseTheirFillers() {
        var lines = Fixtures.writing("D<<", into: Fixtures.td2, line: 1, column: 3)
        lines = Fixtures.withCompositeRecomputed(Fixtures.writing("D<<", into: lines, line: 2, column: 11))
        let result = Fixtures.parse(lines)
        #expect(result.failures == [])
        #expect(result.document?.issuingState == "D")
        #expect(result.document?.nationality == "D")
    }

    @Test func td1OptionalDataFieldsAreCombined() {
        var lines = Fixtures.writing("ABC<12", into: Fixtures.td1, line: 1, column: 16)
        lines = Fixtures.withCompositeRecomputed(Fixtures.writing("XY9", into: lines, line: 2, column: 19))
        let result = Fixtures.parse(lines)
        #expect(result.failures == [])
        #expect(result.document?.optionalData == "ABC12XY9")
    }

    // MARK: Input tolerance

    @Test func lowerCaseCRLFAndSurroundingWhitespaceAreAccepted() {
        let text = "  \r\n" + Fixtures.td3.map { $0.lowercased() }.joined(separator: "\r\n") + " \r\n\t"
        let result = MRZ.parse(text, today: Fixtures.today)
        #expect(result == Fixtures.parse(Fixtures.td3))
        #expect(result.isValid)
    }

    // MARK: Not a zone

    @Test(
        arguments: [
            "",
            "   \n  ",
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10<",
            "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6",
            "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
            "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6\nD231458907UTO7408122F1204159<<<<<<<6",
            Fixtures.td1.joined(separator: "\n") + "\n" + Fixtures.td1[2],
            Fixtures.td1.joined(separator: "\n\n"),
        ]
    )
    func wrongDimensionsAreNotAZone(text: String) {
        #expect(MRZ.parse(text, today: Fixtures.today) == Self.invalidFormat)
    }

    @Test(arguments: [" ", "-", "É", "«", "\t", "?"])
    func foreignCharactersAreNotAZone(character: String) {
        let lines = Fixtures.replacing(Fixtures.td3, line: 1, column: 20, with: Character(character))
        let result = Fixtures.parse(lines)
        #expect(result == Self.invalidFormat)
        #expect(!result.isValid)
    }
}
