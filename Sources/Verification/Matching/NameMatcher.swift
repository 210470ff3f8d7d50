/// Compares the name a merchant gave for an applicant with the name read from the applicant's identity document.
///
/// The measure is a token-based, normalised Jaro-Winkler similarity:
///
/// 1. Both names are cut into upper-case ASCII words: diacritics folded (É → E, ß → SS, Ł → L), and
///    punctuation, hyphens, apostrophes and MRZ `<` fillers taken as separators. Letters of other scripts
///    are romanised first. German umlauts and the Nordic Å and Ø also keep their ICAO transliteration
///    (Ü → UE, Å → AA, Ø → OE), and a pair of words scores the better of the two spellings, since a
///    document prints MUELLER where a person often types Muller.
/// 2. Each pair of words is rated with Jaro-Winkler. It was designed for short personal names in record
///    linkage: it forgives a transposition or a stray letter, rewards a shared beginning (MRZ names are
///    truncated at the end, and typos rarely hit the first letters), and costs little. An edit distance
///    would charge a whole edit for a swapped pair of letters and treat all positions alike. Scores in
///    the range where unrelated names land are discounted to nothing (see `TokenSimilarity`), and an
///    initial earns partial credit against any word starting with that letter.
/// 3. Words are paired greedily, best pair first, each word used once, across the whole name, so first
///    and last names given in either order still pair up. Parts written apart on one side and together
///    on the other (O'Brien, OBRIEN) are joined first.
/// 4. The score is the weighted share of both names' words that found a counterpart, each weighted by its
///    pair's credit: surnames weigh double, so a different family name sinks the score; of the given
///    names, the best-matching one counts fully and any others only a little, so a middle name present on
///    one side only costs a few percent.
public enum NameMatcher {
    /// Upper-case ASCII words of a name.
    ///
    /// Diacritics are folded (é → E, ß → SS, Æ → AE, Ø → O, Ł → L); punctuation, hyphens, apostrophes
    /// and `<` separate words; empty words are dropped. German umlauts come out without their dots
    /// (Ü → U); `score` also tries their ICAO transliteration (Ü → UE).
    public static func tokens(_ name: String) -> [String] {
        var tokens: [NameToken] = []
        NameTokenizer.tokenize(name, role: .given, into: &tokens)
        return tokens.map { String(decoding: $0.plain, as: UTF8.self) }
    }

    /// How alike a profile name (first, last) and a document name (surname, given names) are, from 0 to 1.
    ///
    /// 1 means the same words, up to case, diacritics, transliteration and separators. Either name
    /// having no letters at all gives 0.
    public static func score(profileFirst: String, profileLast: String, documentSurname: String, documentGivenNames: String) -> Double {
        var profile: [NameToken] = []
        profile.reserveCapacity(6)  // typical names fit without regrowing
        NameTokenizer.tokenize(profileFirst, role: .given, into: &profile)
        NameTokenizer.tokenize(profileLast, role: .surname, into: &profile)
        var document: [NameToken] = []
        document.reserveCapacity(6)
        NameTokenizer.tokenize(documentSurname, role: .surname, into: &document)
        NameTokenizer.tokenize(documentGivenNames, role: .given, into: &document)
        profile = CompoundNames.joined(profile, toMatch: document)
        document = CompoundNames.joined(document, toMatch: profile)
        return NameAlignment.score(profile: profile, document: document)
    }

    /// Jaro-Winkler similarity of two strings, from 0 to 1, with Winkler's standard parameters: prefix
    /// scale 0.1, common prefix counted up to 4 characters, applied when the Jaro score exceeds 0.7.
    ///
    /// The strings are compared exactly as given, Unicode scalar by scalar; normalise them first
    /// (`tokens(_:)`) to ignore case and accents.
    public static func jaroWinkler(_ a: String, _ b: String) -> Double {
        if a.utf8.allSatisfy({ $0 < 0x80 }) && b.utf8.allSatisfy({ $0 < 0x80 }) {
            return JaroWinkler.similarity(Array(a.utf8), Array(b.utf8))
        }
        return JaroWinkler.similarity(Array(a.unicodeScalars), Array(b.unicodeScalars))
    }
}
