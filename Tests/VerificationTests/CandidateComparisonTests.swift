import Testing

@testable import Verification

/// How a screening candidate is compared with the person screened, feature by feature.
@Suite("Candidate comparison")
struct CandidateComparisonTests {
    @Test("names match in any order, case and accents; aliases are scored apart from names")
    func namesAndAliases() {
        let query = ScreeningQuery(name: "José Álvarez", birthDate: "1970-03-02", country: "es")
        let candidate = CandidateRecord(names: ["ALVAREZ Jose"], aliases: ["Pepe Alvarez", "J. Alvarez"])
        let comparison = CandidateComparison.compare(query, with: candidate)
        #expect(comparison.name == 1)
        #expect(comparison.bestName == "ALVAREZ Jose")
        #expect((comparison.alias ?? 0) < 1)
        #expect(comparison.birthDate == nil, "the candidate has no birth date")
        #expect(comparison.country == nil)
        #expect(comparison.nameScore == 1)
    }

    @Test(
        "a partial birth date agrees with a full one; a different year or country is a mismatch",
        arguments: [
            ("1970", 1.0), ("1970-03", 1.0), ("1970-03-02", 1.0), ("1971", 0.0), ("1970-04", 0.0),
        ]
    )
    func birthDates(_ listed: String, _ expected: Double) {
        let query = ScreeningQuery(name: "Ada Lovelace", birthDate: "1970-03-02", country: "gb")
        let comparison = CandidateComparison.compare(
            query,
            with: CandidateRecord(names: ["Ada Lovelace"], birthDates: [listed], countries: ["GB"])
        )
        #expect(comparison.birthDate == expected)
        #expect(comparison.country == 1, "countries compare without case")
    }

    @Test("blocking keys are the folded first two letters of each word")
    func blockingKeys() {
        #expect(CandidateComparison.blockingKeys(["José Álvarez", "J. Alvarez-Ruiz"]) == ["AL", "J", "JO", "RU"])
        #expect(CandidateComparison.blockingKeys([]) == [])
    }

    @Test("a watch-list score is lowered by a birth date or a country that differs")
    func matchScore() {
        let query = ScreeningQuery(name: "Ada Lovelace", birthDate: "1990-12-10", country: "gb")
        func score(_ birth: [String], _ countries: [String]) -> Double {
            CandidateComparison.compare(query, with: CandidateRecord(names: ["Ada Lovelace"], birthDates: birth, countries: countries))
                .matchScore
        }
        #expect(score(["1990-12-10"], ["gb"]) == 1)
        #expect(score([], []) == 1, "what the entry does not say cannot differ")
        #expect(score(["1950"], ["gb"]) == 0.75)
        #expect(score(["1950"], ["fr"]) == 0.75 * 0.9)
        #expect(CandidateComparison.compare(query, with: CandidateRecord(names: ["Grace Hopper"])).matchScore < 0.5)
    }
}
