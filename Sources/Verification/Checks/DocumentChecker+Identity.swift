import Base

extension DocumentChecker {
    /// The machine-readable zone and what it says against the profile. Returns the document number.
    static func identityChecks(
        _ input: DocumentCheckInput,
        rules: RuleSet,
        checks: inout [CheckResult],
        signals: inout DocumentSignals
    ) -> String? {
        guard let text = input.mrz, !text.allSatisfy(\.isWhitespace) else {
            // One side of a card carries no zone; whether one was needed is the applicant's decision.
            checks.append(CheckResult(name: "mrz", outcome: .skipped, reasons: ["mrz_not_provided"]))
            return nil
        }
        let result = MRZ.parse(text, today: input.today)
        signals.mrzValid = result.isValid
        guard let document = result.document else {
            checks.append(CheckResult(name: "mrz", outcome: .fail, reasons: result.failures))
            return nil
        }
        checks.append(CheckResult(name: "mrz", outcome: result.isValid ? .pass : .fail, reasons: result.failures))
        signals.documentCode = document.documentCode
        signals.issuingCountry = CountryCodes.alpha3(document.issuingState)
        signals.nationality = CountryCodes.alpha3(document.nationality)
        signals.birthDate = document.birthDate?.description
        signals.expiryDate = document.expiryDate?.description
        guard result.isValid else { return document.documentNumber }
        checks.append(nameCheck(document, profile: input.profile, rules: rules, signals: &signals))
        checks.append(birthDateCheck(document, profile: input.profile, signals: &signals))
        checks.append(expiryCheck(document, today: input.today, rules: rules, signals: &signals))
        return document.documentNumber
    }

    static func nameCheck(_ document: MRZDocument, profile: ProfileFacts, rules: RuleSet, signals: inout DocumentSignals) -> CheckResult {
        guard let first = profile.firstName, let last = profile.lastName else {
            return CheckResult(name: "name_match", outcome: .skipped, reasons: ["profile_name_missing"])
        }
        let score = NameMatcher.score(
            profileFirst: first,
            profileLast: last,
            documentSurname: document.surname,
            documentGivenNames: document.givenNames
        )
        signals.nameScore = (score * 1000).rounded() / 1000
        if score < rules.nameRejectBelow { return CheckResult(name: "name_match", outcome: .fail, reasons: ["name_mismatch"]) }
        if score < rules.nameReviewBelow { return CheckResult(name: "name_match", outcome: .review, reasons: ["name_uncertain"]) }
        return CheckResult(name: "name_match", outcome: .pass)
    }

    static func birthDateCheck(_ document: MRZDocument, profile: ProfileFacts, signals: inout DocumentSignals) -> CheckResult {
        guard let stated = profile.dateOfBirth, let read = document.birthDate else {
            return CheckResult(name: "birth_date", outcome: .skipped, reasons: ["nothing_to_compare"])
        }
        signals.birthDateMatches = stated == read
        return stated == read
            ? CheckResult(name: "birth_date", outcome: .pass)
            : CheckResult(name: "birth_date", outcome: .fail, reasons: ["birth_date_mismatch"])
    }

    static func expiryCheck(_ document: MRZDocument, today: CivilDate, rules: RuleSet, signals: inout DocumentSignals) -> CheckResult {
        guard let expiry = document.expiryDate else {
            return CheckResult(name: "expiry", outcome: .skipped, reasons: ["no_expiry_date"])
        }
        let days = expiry.daysSinceEpoch - today.daysSinceEpoch
        signals.daysToExpiry = days
        if days < 0 { return CheckResult(name: "expiry", outcome: .fail, reasons: ["document_expired"]) }
        if days < rules.documentExpiryMarginDays {
            return CheckResult(name: "expiry", outcome: .fail, reasons: ["document_expires_soon"])
        }
        return CheckResult(name: "expiry", outcome: .pass)
    }
}
