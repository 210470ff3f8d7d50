/// How one check came out.
public enum CheckOutcome: String, Sendable, Hashable, Codable {
    case pass
    case fail
    /// Passed, but a person should look.
    case review
    /// Not run, and why is in the reasons (nothing to check, no provider configured…): never a pass.
    case skipped
}

/// One named check with its outcome and reason codes.
public struct CheckResult: Sendable, Hashable, Codable {
    /// `file_type`, `file_integrity`, `resolution`, `photo_quality`, `tampering`, `mrz`, `mrz_reading`,
    /// `name_match`, `birth_date`, `expiry`, `issue_date`, `duplicate`.
    public var name: String
    public var outcome: CheckOutcome
    public var reasons: [String]

    public init(name: String, outcome: CheckOutcome, reasons: [String] = []) {
        self.name = name
        self.outcome = outcome
        self.reasons = reasons
    }
}

/// What one document's checks found, kept with the document for the applicant's decision.
public struct DocumentSignals: Sendable, Hashable, Codable {
    public var fileType: String?
    public var width: Int?
    public var height: Int?
    public var pageCount: Int?
    public var editingTools: [String] = []
    /// Nil when the upload carried no machine-readable zone.
    public var mrzValid: Bool?
    /// `image` when the zone was read from the photo, `client` when only the client's backs it.
    public var mrzSource: String?
    public var documentCode: String?
    public var issuingCountry: String?
    public var nationality: String?
    /// The zone's birth date: never stored with the signals (they are kept in the clear), so
    /// absent from their JSON; the decision takes it from the sealed extraction.
    public var birthDate: String?
    public var expiryDate: String?
    public var daysToExpiry: Int?
    public var nameScore: Double?
    public var birthDateMatches: Bool?
    public var proofOfAddressAgeDays: Int?
    /// The photo's sharpness and glare share, when its pixels were measured.
    public var sharpness: Double?
    public var glare: Double?
    public var duplicateFile = false
    public var duplicateDocumentNumber = false

    public init() {}

    enum CodingKeys: String, CodingKey {
        case fileType = "file_type"
        case width, height
        case pageCount = "page_count"
        case editingTools = "editing_tools"
        case mrzValid = "mrz_valid"
        case mrzSource = "mrz_source"
        case documentCode = "document_code"
        case issuingCountry = "issuing_country"
        case nationality
        case expiryDate = "expiry_date"
        case daysToExpiry = "days_to_expiry"
        case nameScore = "name_score"
        case birthDateMatches = "birth_date_matches"
        case proofOfAddressAgeDays = "proof_of_address_age_days"
        case sharpness, glare
        case duplicateFile = "duplicate_file"
        case duplicateDocumentNumber = "duplicate_document_number"
    }
}
