import Base

/// Everything the decision engine knows about an applicant, and the names custom rules read it by.
///
/// | signal | type | meaning |
/// | --- | --- | --- |
/// | `age` | number or null | whole years, from the document's birth date, else the profile's |
/// | `country` | string or null | nationality (alpha-3), from the document, else the profile |
/// | `residence` | string or null | country of residence (alpha-3) from the profile |
/// | `name_score` | number or null | lowest name similarity (0…1) across identity documents |
/// | `risk_score` | number | 0…100, the weighted score below |
/// | `doc.mrz_valid` | bool | an identity document carries a machine-readable zone that validates |
/// | `doc.mrz_source` | string or null | where the valid zone came from: `image` (read from a photo) or `client` (sent, not backed by a photo) |
/// | `doc.type` | string or null | the zone's document code (`P`, `I`, `ID`, …) |
/// | `doc.issuing_country` | string or null | alpha-3 |
/// | `doc.days_to_expiry` | number or null | days from today to the expiry date (negative: expired) |
/// | `doc.expired` | bool | |
/// | `doc.tampering` | bool | an editing tool left its trace in a file |
/// | `doc.birth_date_matches` | bool or null | the zone's birth date equals the profile's (null: nothing to compare) |
/// | `documents.<TYPE>` | string or null | the current document's status (`VERIFIED`, `IN_REVIEW`, …) |
/// | `duplicate.file` · `duplicate.document_number` · `duplicate.any` | bool | seen on another applicant |
/// | `proof_of_address.age_days` | number or null | days since the proof of address was issued |
/// | `photo.sharpness` · `photo.glare` | number or null | the least sharp and the most glared of the measured photos |
/// | `screening.status` | string | `clear`, `hit`, `skipped`, `error` |
/// | `screening.top_score` | number | best score of an uncleared hit, else the best near miss (0 when none) |
/// | `screening.sanctions` · `screening.pep` | bool | a hit at or above the threshold in that topic |
/// | `screening.watchlist` | bool | a hit on the tenant's own watch list |
/// | `regulator.status` | string | `match`, `no_match`, `pending`, `skipped`, `error` |
/// | `face.status` | string | `match`, `no_match`, `retake`, `skipped`, `error` |
/// | `face.distance` | number or null | between the selfie's and the portrait's faces (lower: more alike) |
/// | `face.reason` | string or null | for `retake`: `no_face`, `multiple_faces`, `face_too_small`, `face_blurry`, `face_cropped` |
/// | `face.duplicate` | bool | the selfie's face is another applicant's of the same tenant |
public struct DecisionSignals: Sendable, Hashable {
    public var age: Int?
    public var country: String?
    public var residence: String?
    public var nameScore: Double?
    public var mrzValid = false
    /// `image` or `client`: where the valid zone the identity facts come from was read.
    public var mrzSource: String?
    public var documentCode: String?
    public var issuingCountry: String?
    public var daysToExpiry: Int?
    public var tampering = false
    public var birthDateMatches: Bool?
    public var documentStatuses: [String: String] = [:]
    public var duplicateFile = false
    public var duplicateDocumentNumber = false
    public var proofOfAddressAgeDays: Int?
    public var photoSharpness: Double?
    public var photoGlare: Double?
    public var screeningStatus = "skipped"
    public var screeningTopScore = 0.0
    public var screeningSanctions = false
    public var screeningPEP = false
    public var screeningWatchlist = false
    public var regulatorStatus = "skipped"
    public var face = FaceSignal.skipped

    public init() {}

    /// Top-level names; custom rules may read these and anything beneath the object ones.
    static let roots: Set<String> = [
        "age", "country", "residence", "name_score", "risk_score", "doc", "documents", "duplicate",
        "proof_of_address", "photo", "screening", "regulator", "face",
    ]

    /// Whether a `var` name reads a documented signal. Element-relative names inside
    /// `map`/`filter`/`reduce` (`current`, `accumulator`, "") are left to the rule.
    public static func isDocumented(_ name: String) -> Bool {
        let root = name.split(separator: ".", maxSplits: 1).first.map(String.init) ?? ""
        return name.isEmpty || roots.contains(root) || root == "current" || root == "accumulator"
            || root.allSatisfy(\.isNumber)
    }

    /// The signals as the data custom rules run against.
    public func json(riskScore: Double) -> JSONValue {
        .object([
            "age": age.map { .number(Double($0)) } ?? .null,
            "country": country.map(JSONValue.string) ?? .null,
            "residence": residence.map(JSONValue.string) ?? .null,
            "name_score": nameScore.map(JSONValue.number) ?? .null,
            "risk_score": .number(riskScore),
            "doc": .object([
                "mrz_valid": .bool(mrzValid),
                "mrz_source": mrzSource.map(JSONValue.string) ?? .null,
                "type": documentCode.map(JSONValue.string) ?? .null,
                "issuing_country": issuingCountry.map(JSONValue.string) ?? .null,
                "days_to_expiry": daysToExpiry.map { .number(Double($0)) } ?? .null,
                "expired": .bool((daysToExpiry ?? 0) < 0),
                "tampering": .bool(tampering),
                "birth_date_matches": birthDateMatches.map(JSONValue.bool) ?? .null,
            ]),
            "documents": .object(documentStatuses.mapValues(JSONValue.string)),
            "duplicate": .object([
                "file": .bool(duplicateFile),
                "document_number": .bool(duplicateDocumentNumber),
                "any": .bool(duplicateFile || duplicateDocumentNumber),
            ]),
            "proof_of_address": .object(["age_days": proofOfAddressAgeDays.map { .number(Double($0)) } ?? .null]),
            "photo": .object([
                "sharpness": photoSharpness.map(JSONValue.number) ?? .null,
                "glare": photoGlare.map(JSONValue.number) ?? .null,
            ]),
            "screening": .object([
                "status": .string(screeningStatus),
                "top_score": .number(screeningTopScore),
                "sanctions": .bool(screeningSanctions),
                "pep": .bool(screeningPEP),
                "watchlist": .bool(screeningWatchlist),
            ]),
            "regulator": .object(["status": .string(regulatorStatus)]),
            "face": .object([
                "status": .string(face.status),
                "distance": face.distance.map(JSONValue.number) ?? .null,
                "reason": face.reason.map(JSONValue.string) ?? .null,
                "duplicate": .bool(face.duplicate),
            ]),
        ])
    }
}

/// What the face check found, reduced to what rules read.
public struct FaceSignal: Sendable, Hashable {
    /// `match`, `no_match`, `retake`, `skipped`, `error`.
    public var status: String
    public var distance: Double?
    /// Why a photo must be taken again (for `retake`).
    public var reason: String?
    /// The selfie's face belongs to another applicant of the same tenant.
    public var duplicate: Bool

    public init(status: String, distance: Double? = nil, reason: String? = nil, duplicate: Bool = false) {
        self.status = status
        self.distance = distance
        self.reason = reason
        self.duplicate = duplicate
    }

    public static let skipped = FaceSignal(status: "skipped")
}
