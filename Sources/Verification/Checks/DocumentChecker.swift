import Base

/// The applicant's own statements, to cross-check documents against.
public struct ProfileFacts: Sendable, Hashable {
    public var firstName: String?
    public var lastName: String?
    public var dateOfBirth: CivilDate?
    /// Alpha-2 or alpha-3.
    public var nationality: String?
    public var residence: String?

    public init(
        firstName: String? = nil,
        lastName: String? = nil,
        dateOfBirth: CivilDate? = nil,
        nationality: String? = nil,
        residence: String? = nil
    ) {
        self.firstName = firstName
        self.lastName = lastName
        self.dateOfBirth = dateOfBirth
        self.nationality = nationality
        self.residence = residence
    }
}

/// One uploaded document as the checks see it.
public struct DocumentCheckInput: Sendable {
    /// `ID_FRONT`, `ID_BACK`, `PROOF_OF_ADDRESS` or `SELFIE`.
    public var type: String
    public var bytes: [UInt8]
    public var mrz: String?
    /// Fields sent with the upload, such as `issue_date` (YYYY-MM-DD) for a proof of address.
    public var fields: [String: String]
    public var profile: ProfileFacts
    public var today: CivilDate
    /// What the photo's pixels measured, when they were decoded (this library reads no pixels).
    public var photo: PhotoReading?
    /// What the MRZ reader found in an identity document's photo; nil when its pixels were not read.
    public var zone: PhotoZone?

    public init(
        type: String,
        bytes: [UInt8],
        mrz: String?,
        fields: [String: String],
        profile: ProfileFacts,
        today: CivilDate,
        photo: PhotoReading? = nil,
        zone: PhotoZone? = nil
    ) {
        self.type = type
        self.bytes = bytes
        self.mrz = mrz
        self.fields = fields
        self.profile = profile
        self.today = today
        self.photo = photo
        self.zone = zone
    }
}

/// The document checks' findings before duplicates are known (those need the database).
public struct DocumentCheckReport: Sendable, Hashable {
    public var checks: [CheckResult]
    public var signals: DocumentSignals
    /// The document number read from the zone, for the duplicate lookup (stored only as a keyed hash).
    public var documentNumber: String?
    /// The fields read from the zone, where they came from and how they compare with the profile.
    public var extraction: DocumentExtraction?
}

/// Checks one document from its bytes, its machine-readable zone and the applicant's profile.
public enum DocumentChecker {
    public static func check(_ input: DocumentCheckInput, rules: RuleSet) -> DocumentCheckReport {
        var signals = DocumentSignals()
        var checks = fileChecks(input, rules: rules, signals: &signals)
        var extraction: DocumentExtraction?
        if input.type == "ID_FRONT" || input.type == "ID_BACK" {
            extraction = identityChecks(input, rules: rules, checks: &checks, signals: &signals)
        }
        if input.type == "PROOF_OF_ADDRESS" {
            checks.append(issueDateCheck(input, rules: rules, signals: &signals))
        }
        return DocumentCheckReport(
            checks: checks,
            signals: signals,
            documentNumber: extraction?.fields["document_number"]?.value,
            extraction: extraction
        )
    }

    /// The document's status from its checks and the duplicate lookup: any failure rejects
    /// (with every failing reason, so the end user can fix them at once); otherwise any check
    /// asking for review sends it to review.
    public static func verdict(
        _ report: DocumentCheckReport,
        duplicateFile: Bool,
        duplicateDocumentNumber: Bool,
        rules: RuleSet
    ) -> DocumentVerdict {
        var checks = report.checks
        var signals = report.signals
        signals.duplicateFile = duplicateFile
        signals.duplicateDocumentNumber = duplicateDocumentNumber
        var reasons: [String] = []
        if duplicateFile { reasons.append("duplicate_file") }
        if duplicateDocumentNumber { reasons.append("duplicate_document_number") }
        checks.append(
            CheckResult(name: "duplicate", outcome: reasons.isEmpty ? .pass : outcome(for: rules.onDuplicate), reasons: reasons)
        )
        let failing = checks.filter { $0.outcome == .fail }.flatMap(\.reasons)
        if !failing.isEmpty { return DocumentVerdict(status: .rejected, reasons: failing, checks: checks, signals: signals) }
        let reviewing = checks.filter { $0.outcome == .review }.flatMap(\.reasons)
        if !reviewing.isEmpty { return DocumentVerdict(status: .inReview, reasons: reviewing, checks: checks, signals: signals) }
        return DocumentVerdict(status: .verified, reasons: [], checks: checks, signals: signals)
    }

    static func outcome(for action: RuleAction) -> CheckOutcome {
        switch action {
        case .reject: return .fail
        case .review: return .review
        case .ignore: return .pass
        }
    }
}
