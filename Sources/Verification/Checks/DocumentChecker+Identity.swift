import Base

extension DocumentChecker {
    /// The machine-readable zone, where it came from, and what it says against the profile.
    ///
    /// The zone the photo shows comes first. A zone the client sent is compared with it (a
    /// disagreement is `mrz_mismatch`), and stands on its own only when no zone could be read
    /// from the photo: then it is `mrz_not_confirmed`, which by default sends the applicant to
    /// review — a claim the pixels do not back is not a pass. A photo with no zone at all is
    /// normal for one side of a card; whether the applicant has one anywhere is decided later.
    static func identityChecks(
        _ input: DocumentCheckInput,
        rules: RuleSet,
        checks: inout [CheckResult],
        signals: inout DocumentSignals
    ) -> DocumentExtraction? {
        let client = input.mrz.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
        let text: String
        var extraction: DocumentExtraction
        switch (input.zone, client) {
        case (.read(let read, let confidences, _), _):
            text = read
            guard let document = MRZ.parse(read, today: input.today).document else { return nil }
            extraction = .of(document, source: .image, confidences: confidences)
            checks.append(readingCheck(imageText: read, client: client, rules: rules))
        case (let zone, .some(let sent)):
            text = sent
            // A photo that was read and shows no zone to trust does not back the claim. Pixels
            // never read (a PDF scan, a file that does not decode) say nothing either way.
            if zone != nil {
                checks.append(
                    CheckResult(name: "mrz_reading", outcome: outcome(for: rules.onUnconfirmedMRZ), reasons: ["mrz_not_confirmed"])
                )
            }
            let result = MRZ.parse(sent, today: input.today)
            guard let document = result.document else {
                signals.mrzValid = false
                checks.append(CheckResult(name: "mrz", outcome: .fail, reasons: result.failures))
                return nil
            }
            extraction = .of(document, source: .client, confidences: [:])
        case (let zone, nil):
            let reason = zone == nil ? "mrz_not_provided" : "mrz_not_found"
            checks.append(CheckResult(name: "mrz", outcome: .skipped, reasons: [reason]))
            return nil
        }
        signals.mrzSource = extraction.source.rawValue
        let result = MRZ.parse(text, today: input.today)
        signals.mrzValid = result.isValid
        checks.append(CheckResult(name: "mrz", outcome: result.isValid ? .pass : .fail, reasons: result.failures))
        guard let document = result.document else { return extraction }
        signals.documentCode = document.documentCode
        signals.issuingCountry = CountryCodes.alpha3(document.issuingState)
        signals.nationality = CountryCodes.alpha3(document.nationality)
        signals.birthDate = document.birthDate?.description
        signals.expiryDate = document.expiryDate?.description
        guard result.isValid else { return extraction }
        checks.append(nameCheck(document, profile: input.profile, rules: rules, signals: &signals))
        checks.append(birthDateCheck(document, profile: input.profile, signals: &signals))
        checks.append(expiryCheck(document, today: input.today, rules: rules, signals: &signals))
        extraction.match = DocumentExtraction.Match(nameScore: signals.nameScore, dateOfBirthMatches: signals.birthDateMatches)
        return extraction
    }

    /// The zone read from the photo, against the one the client sent (if any).
    static func readingCheck(imageText: String, client: String?, rules: RuleSet) -> CheckResult {
        guard let client else { return CheckResult(name: "mrz_reading", outcome: .pass) }
        let agree = normalisedZone(client) == normalisedZone(imageText)
        return agree
            ? CheckResult(name: "mrz_reading", outcome: .pass)
            : CheckResult(name: "mrz_reading", outcome: outcome(for: rules.onMRZMismatch), reasons: ["mrz_mismatch"])
    }

    /// A zone's lines upper-cased and trimmed, to compare two renderings of one zone.
    static func normalisedZone(_ text: String) -> [String] {
        text.uppercased().split(whereSeparator: \.isNewline).map { String($0.filter { !$0.isWhitespace }) }.filter { !$0.isEmpty }
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
