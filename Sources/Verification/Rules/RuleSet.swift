import Base

/// What a rule or a setting does to an applicant when it applies.
public enum RuleAction: String, Sendable, Hashable, CaseIterable {
    case reject
    case review
    /// Recorded in the trace and the signals, no effect on the outcome.
    case ignore
}

/// Smallest acceptable picture of a document, in pixels.
public struct MinimumResolution: Sendable, Hashable {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}

/// A merchant's rule written in JSONLogic over the documented signals.
public struct CustomRule: Sendable {
    /// The merchant's name for it, shown in traces (`[a-z0-9_.-]`, unique in the set).
    public var id: String
    public var description: String?
    /// The JSONLogic condition, as written.
    public var condition: JSONValue
    public var action: RuleAction
    /// The reason code given when it fires.
    public var reason: String
    /// Added to the risk score when it fires (0 by default).
    public var riskPoints: Double
    /// The condition compiled once, when the rule set is parsed.
    public let compiled: JSONLogicExpression
}

/// A merchant's rule set: typed settings plus custom JSONLogic rules.
///
/// The defaults are the seed's rule — all four documents verified makes the applicant verified —
/// with the checks a serious KYC product runs switched on.
public struct RuleSet: Sendable {
    public var requiredDocuments: [String] = ["ID_FRONT", "ID_BACK", "PROOF_OF_ADDRESS", "SELFIE"]
    public var minimumAge: Int = 18
    /// ISO 3166-1 alpha-3 codes; empty accepts every country not blocked.
    public var acceptedCountries: [String] = []
    public var blockedCountries: [String] = []
    /// An identity document must stay valid at least this many days after the check.
    public var documentExpiryMarginDays: Int = 0
    public var proofOfAddressMaxAgeDays: Int = 90
    /// Identity documents must carry a machine-readable zone that validates.
    public var mrzRequired: Bool = true
    public var minimumResolution: [String: MinimumResolution] = [
        "ID_FRONT": MinimumResolution(width: 640, height: 400),
        "ID_BACK": MinimumResolution(width: 640, height: 400),
        "PROOF_OF_ADDRESS": MinimumResolution(width: 600, height: 600),
        "SELFIE": MinimumResolution(width: 480, height: 480),
    ]
    /// Name similarity (0…1) under which a document is rejected, and under which it goes to review.
    public var nameRejectBelow: Double = 0.6
    public var nameReviewBelow: Double = 0.85
    public var onDuplicate: RuleAction = .review
    public var onTampering: RuleAction = .review
    /// Photos of identity documents and selfies sharper than this (variance of the Laplacian
    /// on a copy 1,000 pixels long; sharp print gives hundreds) …
    public var minimumSharpness: Double = 20
    /// … with at most this share of the picture blown out by a reflection …
    public var maximumGlare: Double = 0.02
    /// … or this happens: by default the document is rejected, so the end user takes another.
    public var onPoorPhoto: RuleAction = .reject
    /// When the zone the client sent differs from the one read from the photo.
    public var onMRZMismatch: RuleAction = .review
    /// When the client sent a zone and the photo, read, shows none to back it.
    public var onUnconfirmedMRZ: RuleAction = .review
    public var screeningEnabled: Bool = true
    /// Screening hits scoring at least this much count as a match.
    public var screeningThreshold: Double = 0.7
    public var onScreeningMatch: RuleAction = .reject
    /// Ongoing monitoring: verified applicants are screened again against what a list loaded
    /// locally changed, and against every list on a schedule (billed `monitoring`, once per
    /// applicant and month).
    public var screeningMonitoring = false
    /// Days between full re-screens of a monitoring tenant's verified applicants, which catch
    /// what changes in matching itself; 0 for none.
    public var screeningRescreenDays = 30
    public var regulatorEnabled: Bool = true
    public var onRegulatorNoMatch: RuleAction = .review
    /// The selfie held against the identity document's portrait.
    public var faceEnabled: Bool = true
    /// Faces at most this far apart are one person's (see `FaceComparison`).
    public var faceMaximumDistance: Double = FaceComparison.defaultMaximumDistance
    public var onFaceNoMatch: RuleAction = .review
    /// When the selfie's face is another applicant's of the same tenant.
    public var onDuplicateFace: RuleAction = .review
    public var riskReviewAt: Double = 60
    public var riskRejectAt: Double = 90
    /// When off, every applicant that passes still waits for a reviewer.
    public var autoApprove: Bool = true
    public var customRules: [CustomRule] = []

    public init() {}

    /// The document types every applicant must provide.
    public var requiredDocumentSet: Set<String> { Set(requiredDocuments) }
}
