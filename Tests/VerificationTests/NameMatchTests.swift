import Testing
import Verification

/// Comparing a profile name with the name on an identity document.
@Suite struct NameMatchTests {
    static func score(_ first: String, _ last: String, surname: String, given: String) -> Double {
        NameMatcher.score(profileFirst: first, profileLast: last, documentSurname: surname, documentGivenNames: given)
    }

    // MARK: Jaro-Winkler

    @Test func jaroWinklerKnownValues() {
        #expect(abs(NameMatcher.jaroWinkler("MARTHA", "MARHTA") - 0.961) < 0.001)
        #expect(abs(NameMatcher.jaroWinkler("DWAYNE", "DUANE") - 0.840) < 0.001)
        #expect(abs(NameMatcher.jaroWinkler("DIXON", "DICKSONX") - 0.813) < 0.001)
    }

    @Test func jaroWinklerIsSymmetric() {
        #expect(NameMatcher.jaroWinkler("DWAYNE", "DUANE") == NameMatcher.jaroWinkler("DUANE", "DWAYNE"))
        #expect(NameMatcher.jaroWinkler("ERIKSSON", "LARSSON") == NameMatcher.jaroWinkler("LARSSON", "ERIKSSON"))
    }

    @Test func jaroWinklerEdgeCases() {
        #expect(NameMatcher.jaroWinkler("SMITH", "SMITH") == 1)
        #expect(NameMatcher.jaroWinkler("", "") == 1)
        #expect(NameMatcher.jaroWinkler("", "SMITH") == 0)
        #expect(NameMatcher.jaroWinkler("ABC", "XYZ") == 0)
    }

    /// Winkler's prefix bonus applies only above a Jaro score of 0.7, so a shared first letter alone adds nothing.
    @Test func jaroWinklerPrefixBoostNeedsSimilarStrings() {
        #expect(abs(NameMatcher.jaroWinkler("JOHN", "JANE") - 2.0 / 3.0) < 1e-9)
    }

    @Test func jaroWinklerComparesNonASCIIByScalar() {
        #expect(NameMatcher.jaroWinkler("MÜLLER", "MÜLLER") == 1)
        // 5 of 6 scalars match: Jaro 8/9, plus one shared letter of prefix. Bytes would give 7 units on one side.
        #expect(abs(NameMatcher.jaroWinkler("MÜLLER", "MULLER") - 0.9) < 1e-9)
    }

    // MARK: Tokens

    @Test func tokensFoldCaseAndDiacritics() {
        #expect(NameMatcher.tokens("José Álvarez") == ["JOSE", "ALVAREZ"])
        #expect(NameMatcher.tokens("Müller") == ["MULLER"])
        #expect(NameMatcher.tokens("Straße") == ["STRASSE"])
        #expect(NameMatcher.tokens("Æsa Øberg Łukasz Đorđe Şahin") == ["AESA", "OBERG", "LUKASZ", "DORDE", "SAHIN"])
        #expect(NameMatcher.tokens("Nguyễn") == ["NGUYEN"])
    }

    @Test func tokensTreatDecomposedAccentsAsPartOfTheLetter() {
        #expect(NameMatcher.tokens("Jose\u{301} Mu\u{308}ller") == ["JOSE", "MULLER"])
    }

    @Test func tokensSplitOnPunctuationAndFillers() {
        #expect(NameMatcher.tokens("Müller-Lüdenscheid") == ["MULLER", "LUDENSCHEID"])
        #expect(NameMatcher.tokens("O'Brien") == ["O", "BRIEN"])
        #expect(NameMatcher.tokens("ANNA<MARIA<<<<<<") == ["ANNA", "MARIA"])
        #expect(NameMatcher.tokens("  Smith,  J.  ") == ["SMITH", "J"])
    }

    @Test func tokensOfNothing() {
        #expect(NameMatcher.tokens("").isEmpty)
        #expect(NameMatcher.tokens(" -'.<< ").isEmpty)
    }

    @Test func tokensRomaniseOtherScripts() {
        #expect(NameMatcher.tokens("Иван Петров") == ["IVAN", "PETROV"])
    }

    // MARK: Scores that should pass

    @Test func identicalNamesScoreOne() {
        #expect(Self.score("John", "Smith", surname: "SMITH", given: "JOHN") == 1)
        #expect(Self.score("Anna Maria", "Garcia Lopez", surname: "GARCIA<LOPEZ", given: "ANNA<MARIA<<<") == 1)
    }

    @Test func caseAndDiacriticsDoNotMatter() {
        #expect(Self.score("José", "Álvarez", surname: "ALVAREZ", given: "JOSE") >= 0.97)
    }

    @Test func umlautsMatchTheirICAOTransliteration() {
        #expect(Self.score("Jürgen", "Müller", surname: "MUELLER", given: "JUERGEN") >= 0.97)
        #expect(Self.score("Jurgen", "Muller", surname: "MUELLER", given: "JUERGEN") >= 0.9)
        #expect(Self.score("Jürgen", "Müller", surname: "MULLER", given: "JURGEN") >= 0.97)
    }

    @Test func nordicLettersMatchTheirICAOTransliteration() {
        #expect(Self.score("Åse", "Sørensen", surname: "SOERENSEN", given: "AASE") >= 0.97)
        #expect(Self.score("Åse", "Sørensen", surname: "SORENSEN", given: "ASE") >= 0.97)
    }

    @Test func extraMiddleNameOnEitherSideIsTolerated() {
        #expect(Self.score("Anna", "Schmidt", surname: "SCHMIDT", given: "ANNA<MARIA") >= 0.9)
        #expect(Self.score("Anna Maria", "Schmidt", surname: "SCHMIDT", given: "ANNA") >= 0.9)
    }

    /// People often go by a second given name.
    @Test func middleNameUsedAsFirstName() {
        #expect(Self.score("Maria", "Schmidt", surname: "SCHMIDT", given: "ANNA<MARIA") >= 0.9)
    }

    @Test func swappedFirstAndLastNames() {
        #expect(Self.score("Smith", "John", surname: "SMITH", given: "JOHN") >= 0.9)
    }

    @Test func oneTypo() {
        #expect(Self.score("Jonh", "Smith", surname: "SMITH", given: "JOHN") >= 0.85)
        #expect(Self.score("John", "Smyth", surname: "SMITH", given: "JOHN") >= 0.85)
    }

    @Test func apostrophesDroppedByTheDocument() {
        #expect(Self.score("Sean", "O'Brien", surname: "OBRIEN", given: "SEAN") >= 0.97)
        #expect(Self.score("Pieter", "Vanderberg", surname: "VAN<DER<BERG", given: "PIETER") >= 0.97)
    }

    @Test func mrzFillersAreIgnored() {
        #expect(Self.score("Anna", "Eriksson", surname: "ERIKSSON<<<<", given: "ANNA<<<<<<<<<<") == 1)
    }

    @Test func initialsEarnPartialCredit() {
        let initial = Self.score("J", "Smith", surname: "SMITH", given: "JOHN")
        let wrongInitial = Self.score("P", "Smith", surname: "SMITH", given: "JOHN")
        #expect(initial > wrongInitial)
        #expect(initial > 0.75 && initial < 0.95)
    }

    // MARK: Scores that should fail

    @Test func differentPerson() {
        #expect(Self.score("John", "Smith", surname: "DOE", given: "JANE") < 0.6)
    }

    @Test func differentSurnameSameFirstName() {
        #expect(Self.score("Anna", "Eriksson", surname: "LARSSON", given: "ANNA") < 0.8)
    }

    @Test func sameSurnameDifferentFirstName() {
        #expect(Self.score("Peter", "Smith", surname: "SMITH", given: "JOHN") < 0.8)
    }

    @Test func missingSurnameWeighsHeavily() {
        #expect(Self.score("Anna", "Eriksson", surname: "", given: "ANNA") < 0.7)
    }

    @Test func emptyInputsScoreZero() {
        #expect(Self.score("", "", surname: "SMITH", given: "JOHN") == 0)
        #expect(Self.score("John", "Smith", surname: "", given: "") == 0)
        #expect(Self.score("", "", surname: "", given: "") == 0)
        #expect(Self.score("-", "'", surname: "<<<", given: "<<") == 0)
    }

    @Test func oversizedInputStaysInRange() {
        let long = String(repeating: "ANNA MARIA ", count: 500) + String(repeating: "X", count: 5_000)
        let score = Self.score(long, long, surname: "SMITH", given: "ANNA")
        #expect(score >= 0 && score <= 1)
    }
}
