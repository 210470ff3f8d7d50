import Base
import Testing
import Verification

/// Two-digit years and impossible dates in a zone.
@Suite struct MRZDateTests {
    typealias Fixtures = MRZFixtures

    static func dates(birth: String = "740812", expiry: String = "120415", today: CivilDate = Fixtures.today) -> (CivilDate?, CivilDate?) {
        let result = Fixtures.parse(Fixtures.td3(birth: birth, expiry: expiry), today: today)
        return (result.document?.birthDate, result.document?.expiryDate)
    }

    @Test func specimenCenturies() {
        let (birth, expiry) = Self.dates()
        #expect(birth == CivilDate(year: 1974, month: 8, day: 12))
        #expect(expiry == CivilDate(year: 2012, month: 4, day: 15))
    }

    @Test func birthYearIsTheMostRecentNotAfterToday() {
        #expect(Self.dates(birth: "050101").0 == CivilDate(year: 2005, month: 1, day: 1))
        #expect(Self.dates(birth: "261231").0 == CivilDate(year: 2026, month: 12, day: 31))
        #expect(Self.dates(birth: "270101").0 == CivilDate(year: 1927, month: 1, day: 1))
        #expect(Self.dates(birth: "000229").0 == CivilDate(year: 2000, month: 2, day: 29))
        let nextCentury = CivilDate(year: 2101, month: 3, day: 1)!
        #expect(Self.dates(birth: "990101", today: nextCentury).0 == CivilDate(year: 2099, month: 1, day: 1))
        #expect(Self.dates(birth: "010101", today: nextCentury).0 == CivilDate(year: 2101, month: 1, day: 1))
    }

    @Test func expiryYearStaysInThePastWhenTooFarAhead() {
        #expect(Self.dates(expiry: "360101").1 == CivilDate(year: 2036, month: 1, day: 1))
        #expect(Self.dates(expiry: "761231").1 == CivilDate(year: 2076, month: 12, day: 31))
        #expect(Self.dates(expiry: "771231").1 == CivilDate(year: 1977, month: 12, day: 31))
        #expect(Self.dates(expiry: "991231").1 == CivilDate(year: 1999, month: 12, day: 31))
    }

    @Test(arguments: ["741312", "740001", "740832", "010229", "74O812", "<<<<<<"])
    func impossibleBirthDate(birth: String) {
        let result = Fixtures.parse(Fixtures.td3(birth: birth))
        #expect(result.failures == ["mrz_birth_date_invalid"])
        #expect(result.document?.birthDate == nil)
        #expect(result.document?.expiryDate == CivilDate(year: 2012, month: 4, day: 15))
    }

    @Test func impossibleExpiryDate() {
        let result = Fixtures.parse(Fixtures.td3(expiry: "300230"))
        #expect(result.failures == ["mrz_expiry_date_invalid"])
        #expect(result.document?.expiryDate == nil)
        #expect(result.document?.birthDate == CivilDate(year: 1974, month: 8, day: 12))
    }

    @Test func impossibleDateInTD1() {
        var lines = Fixtures.writing("7413120", into: Fixtures.td1, line: 2, column: 1)
        lines = Fixtures.replacing(lines, line: 2, column: 7, with: Fixtures.checkDigit("741312"))
        let result = Fixtures.parse(Fixtures.withCompositeRecomputed(lines))
        #expect(result.failures == ["mrz_birth_date_invalid"])
    }
}
