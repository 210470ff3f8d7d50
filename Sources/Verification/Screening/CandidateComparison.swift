/// Who is screened, as the comparison needs it.
public struct ScreeningQuery: Sendable, Hashable {
    /// The full name, as one string.
    public var name: String
    /// `YYYY-MM-DD`, when known.
    public var birthDate: String?
    /// ISO 3166-1 alpha-2, lower case, when known.
    public var country: String?

    public init(name: String, birthDate: String? = nil, country: String? = nil) {
        self.name = name
        self.birthDate = birthDate
        self.country = country
    }
}

/// What a list says of a candidate: its names, aliases, birth dates (`YYYY`, `YYYY-MM` or
/// `YYYY-MM-DD`) and countries (alpha-2, any case).
public struct CandidateRecord: Sendable, Hashable {
    public var names: [String]
    public var aliases: [String]
    public var birthDates: [String]
    public var countries: [String]

    public init(names: [String], aliases: [String] = [], birthDates: [String] = [], countries: [String] = []) {
        self.names = names
        self.aliases = aliases
        self.birthDates = birthDates
        self.countries = countries
    }
}

/// Which features of a candidate match the person screened, each scored from 0 to 1, or nil
/// when one side does not have it: what lets a compliance officer see why a candidate was raised
/// and judge whether it is the same person.
public struct CandidateComparison: Sendable, Hashable {
    /// The best of the candidate's names, and the name it was.
    public var name: Double?
    public var bestName: String?
    /// The best of the candidate's aliases, and the alias it was.
    public var alias: Double?
    public var bestAlias: String?
    /// 1 for the same date (or a partial date that agrees), 0 for a different one.
    public var birthDate: Double?
    /// 1 when a country of the candidate is the person's, 0 when none is.
    public var country: Double?

    /// The name or alias score that carries the match.
    public var nameScore: Double { max(name ?? 0, alias ?? 0) }

    /// - Parameter queryWords: the query name's words, when the caller has them already
    ///   (`NameMatcher.tokens`): a name in another script is romanised once, not per candidate.
    public static func compare(_ query: ScreeningQuery, with candidate: CandidateRecord, queryWords: [String]? = nil)
        -> CandidateComparison
    {
        let words = queryWords ?? NameMatcher.tokens(query.name)
        let names = best(words, among: candidate.names)
        let aliases = best(words, among: candidate.aliases)
        return CandidateComparison(
            name: names?.score,
            bestName: names?.name,
            alias: aliases?.score,
            bestAlias: aliases?.name,
            birthDate: query.birthDate.flatMap { birth in
                candidate.birthDates.isEmpty ? nil : (candidate.birthDates.contains { agrees(birth, $0) } ? 1 : 0)
            },
            country: query.country.flatMap { country in
                candidate.countries.isEmpty ? nil : (candidate.countries.contains { $0.lowercased() == country.lowercased() } ? 1 : 0)
            }
        )
    }

    /// The score of a candidate on a list Vouch matches itself (the tenant's watch list, the
    /// local index of published lists): the name or alias score, lowered when the birth date or
    /// the country differs (a namesake born elsewhere, in another year).
    public var matchScore: Double {
        var score = nameScore
        if birthDate == 0 { score *= 0.75 }
        if country == 0 { score *= 0.9 }
        return score
    }

    /// The blocking keys of names: the first two letters of each word, folded (`Ада Lovelace` →
    /// `AD`, `LO`). A list entry is compared with a person only when they share a key, so a
    /// list of thousands costs a handful of comparisons; names that share no word start score
    /// too low to be raised anyway.
    public static func blockingKeys(_ names: [String]) -> [String] {
        Array(Set(names.flatMap { NameMatcher.tokens($0).map { String($0.prefix(2)) } })).sorted()
    }

    /// Full names compared word by word in any order, the better of two readings: every word
    /// weighing the same, or the last word of each as the family name and the others as given
    /// names (a middle name or patronymic on one side only then costs little). A list writes the
    /// family name first or last, so the candidate is read both ways.
    static func best(_ queryWords: [String], among names: [String]) -> (name: String, score: Double)? {
        names.map { name in (name, score(queryWords, NameMatcher.tokens(name))) }.max { $0.1 < $1.1 }
    }

    static func score(_ query: [String], _ listed: [String]) -> Double {
        guard let queryLast = query.last, let listedLast = listed.last, let listedFirst = listed.first else { return 0 }
        let queryGiven = query.dropLast().joined(separator: " ")
        let plain = NameMatcher.score(
            profileFirst: "",
            profileLast: query.joined(separator: " "),
            documentSurname: listed.joined(separator: " "),
            documentGivenNames: ""
        )
        guard query.count > 1, listed.count > 1, plain < 1 else { return plain }
        let familyLast = NameMatcher.score(
            profileFirst: queryGiven,
            profileLast: queryLast,
            documentSurname: listedLast,
            documentGivenNames: listed.dropLast().joined(separator: " ")
        )
        let familyFirst = NameMatcher.score(
            profileFirst: queryGiven,
            profileLast: queryLast,
            documentSurname: listedFirst,
            documentGivenNames: listed.dropFirst().joined(separator: " ")
        )
        return max(plain, familyLast, familyFirst)
    }

    /// The most `matchScore` can be for a candidate with these birth dates and countries, before
    /// any name is compared: a birth date or a country that differs lowers every score, so a
    /// search can leave out a candidate whose bound is under its threshold.
    public static func bound(_ query: ScreeningQuery, birthDates: ArraySlice<String>, countries: ArraySlice<String>) -> Double {
        var bound = 1.0
        if let birth = query.birthDate, !birthDates.isEmpty, !birthDates.contains(where: { agrees(birth, $0) }) { bound *= 0.75 }
        if let country = query.country, !countries.isEmpty, !countries.contains(where: { $0.lowercased() == country.lowercased() }) {
            bound *= 0.9
        }
        return bound
    }

    /// Whether two dates agree as far as both go: `1952` agrees with `1952-10-07`.
    static func agrees(_ a: String, _ b: String) -> Bool {
        let length = min(a.count, b.count)
        return length >= 4 && a.prefix(length) == b.prefix(length)
    }
}
