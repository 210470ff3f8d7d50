import Base

extension RuleSet {
    /// Reads a rule set, collecting every issue rather than stopping at the first. Omitted
    /// settings take their defaults; unknown fields are refused so a typo never goes unnoticed.
    public init(json: JSONValue) throws(RuleSetInvalid) {
        var reader = RuleSetReader()
        self = reader.read(json)
        guard reader.issues.isEmpty else { throw RuleSetInvalid(issues: reader.issues) }
    }
}

/// Walks a rule set document, recording issues with their paths.
struct RuleSetReader {
    var issues: [RuleSetIssue] = []

    static let documentTypes: Set<String> = ["ID_FRONT", "ID_BACK", "PROOF_OF_ADDRESS", "SELFIE"]

    mutating func read(_ json: JSONValue) -> RuleSet {
        var rules = RuleSet()
        guard let fields = object(json, at: "$") else { return rules }
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            let path = "$." + key
            switch key {
            case "required_documents": rules.requiredDocuments = documentTypes(value, at: path) ?? rules.requiredDocuments
            case "minimum_age": rules.minimumAge = integer(value, at: path, in: 0...150) ?? rules.minimumAge
            case "accepted_countries": rules.acceptedCountries = countries(value, at: path) ?? rules.acceptedCountries
            case "blocked_countries": rules.blockedCountries = countries(value, at: path) ?? rules.blockedCountries
            case "document_expiry_margin_days":
                rules.documentExpiryMarginDays = integer(value, at: path, in: 0...3650) ?? rules.documentExpiryMarginDays
            case "proof_of_address_max_age_days":
                rules.proofOfAddressMaxAgeDays = integer(value, at: path, in: 1...3650) ?? rules.proofOfAddressMaxAgeDays
            case "mrz_required": rules.mrzRequired = bool(value, at: path) ?? rules.mrzRequired
            case "minimum_resolution": readResolutions(value, at: path, into: &rules)
            case "name_match": readNameMatch(value, at: path, into: &rules)
            case "on_duplicate": rules.onDuplicate = action(value, at: path) ?? rules.onDuplicate
            case "on_tampering": rules.onTampering = action(value, at: path) ?? rules.onTampering
            case "photo_quality": readPhotoQuality(value, at: path, into: &rules)
            case "mrz_reading": readMRZReading(value, at: path, into: &rules)
            case "screening": readScreening(value, at: path, into: &rules)
            case "regulator": readRegulator(value, at: path, into: &rules)
            case "face": readFace(value, at: path, into: &rules)
            case "risk": readRisk(value, at: path, into: &rules)
            case "auto_approve": rules.autoApprove = bool(value, at: path) ?? rules.autoApprove
            case "custom_rules": rules.customRules = customRules(value, at: path)
            default: unknown(path)
            }
        }
        return rules
    }

    // MARK: sections

    mutating func readResolutions(_ value: JSONValue, at path: String, into rules: inout RuleSet) {
        guard let fields = object(value, at: path) else { return }
        for (type, entry) in fields.sorted(by: { $0.key < $1.key }) {
            let entryPath = path + "." + type
            guard Self.documentTypes.contains(type) else {
                issue(entryPath, "invalid_value", "must be one of ID_FRONT, ID_BACK, PROOF_OF_ADDRESS, SELFIE")
                continue
            }
            guard let size = object(entry, at: entryPath) else { continue }
            // A dimension left out keeps its default, as every other omitted setting does.
            var resolution = rules.minimumResolution[type] ?? MinimumResolution(width: 0, height: 0)
            for (key, number) in size.sorted(by: { $0.key < $1.key }) {
                switch key {
                case "width": resolution.width = integer(number, at: entryPath + ".width", in: 0...20_000) ?? resolution.width
                case "height": resolution.height = integer(number, at: entryPath + ".height", in: 0...20_000) ?? resolution.height
                default: unknown(entryPath + "." + key)
                }
            }
            rules.minimumResolution[type] = resolution
        }
    }

    mutating func readNameMatch(_ value: JSONValue, at path: String, into rules: inout RuleSet) {
        guard let fields = object(value, at: path) else { return }
        for (key, entry) in fields.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "reject_below": rules.nameRejectBelow = fraction(entry, at: path + "." + key) ?? rules.nameRejectBelow
            case "review_below": rules.nameReviewBelow = fraction(entry, at: path + "." + key) ?? rules.nameReviewBelow
            default: unknown(path + "." + key)
            }
        }
        if rules.nameReviewBelow < rules.nameRejectBelow {
            issue(path + ".review_below", "invalid_value", "must not be below reject_below")
        }
    }

    mutating func readPhotoQuality(_ value: JSONValue, at path: String, into rules: inout RuleSet) {
        guard let fields = object(value, at: path) else { return }
        for (key, entry) in fields.sorted(by: { $0.key < $1.key }) {
            let entryPath = path + "." + key
            switch key {
            case "minimum_sharpness": rules.minimumSharpness = number(entry, at: entryPath, in: 0...100_000) ?? rules.minimumSharpness
            case "maximum_glare": rules.maximumGlare = fraction(entry, at: entryPath) ?? rules.maximumGlare
            case "on_failure": rules.onPoorPhoto = action(entry, at: entryPath) ?? rules.onPoorPhoto
            default: unknown(entryPath)
            }
        }
    }

    mutating func readMRZReading(_ value: JSONValue, at path: String, into rules: inout RuleSet) {
        guard let fields = object(value, at: path) else { return }
        for (key, entry) in fields.sorted(by: { $0.key < $1.key }) {
            let entryPath = path + "." + key
            switch key {
            case "on_mismatch": rules.onMRZMismatch = action(entry, at: entryPath) ?? rules.onMRZMismatch
            case "on_unconfirmed": rules.onUnconfirmedMRZ = action(entry, at: entryPath) ?? rules.onUnconfirmedMRZ
            default: unknown(entryPath)
            }
        }
    }

    mutating func readScreening(_ value: JSONValue, at path: String, into rules: inout RuleSet) {
        guard let fields = object(value, at: path) else { return }
        for (key, entry) in fields.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "enabled": rules.screeningEnabled = bool(entry, at: path + ".enabled") ?? rules.screeningEnabled
            case "threshold": rules.screeningThreshold = fraction(entry, at: path + ".threshold") ?? rules.screeningThreshold
            case "on_match": rules.onScreeningMatch = action(entry, at: path + ".on_match") ?? rules.onScreeningMatch
            case "monitoring": rules.screeningMonitoring = bool(entry, at: path + ".monitoring") ?? rules.screeningMonitoring
            case "rescreen_days":
                rules.screeningRescreenDays = integer(entry, at: path + ".rescreen_days", in: 0...3650) ?? rules.screeningRescreenDays
            default: unknown(path + "." + key)
            }
        }
    }

    mutating func readRegulator(_ value: JSONValue, at path: String, into rules: inout RuleSet) {
        guard let fields = object(value, at: path) else { return }
        for (key, entry) in fields.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "enabled": rules.regulatorEnabled = bool(entry, at: path + ".enabled") ?? rules.regulatorEnabled
            case "on_no_match": rules.onRegulatorNoMatch = action(entry, at: path + ".on_no_match") ?? rules.onRegulatorNoMatch
            default: unknown(path + "." + key)
            }
        }
    }

    mutating func readFace(_ value: JSONValue, at path: String, into rules: inout RuleSet) {
        guard let fields = object(value, at: path) else { return }
        for (key, entry) in fields.sorted(by: { $0.key < $1.key }) {
            let entryPath = path + "." + key
            switch key {
            case "enabled": rules.faceEnabled = bool(entry, at: entryPath) ?? rules.faceEnabled
            case "max_distance": rules.faceMaximumDistance = number(entry, at: entryPath, in: 0.3...0.8) ?? rules.faceMaximumDistance
            case "on_no_match": rules.onFaceNoMatch = action(entry, at: entryPath) ?? rules.onFaceNoMatch
            case "on_duplicate": rules.onDuplicateFace = action(entry, at: entryPath) ?? rules.onDuplicateFace
            default: unknown(entryPath)
            }
        }
    }

    mutating func readRisk(_ value: JSONValue, at path: String, into rules: inout RuleSet) {
        guard let fields = object(value, at: path) else { return }
        for (key, entry) in fields.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "review_at": rules.riskReviewAt = score(entry, at: path + ".review_at") ?? rules.riskReviewAt
            case "reject_at": rules.riskRejectAt = score(entry, at: path + ".reject_at") ?? rules.riskRejectAt
            default: unknown(path + "." + key)
            }
        }
        if rules.riskRejectAt < rules.riskReviewAt {
            issue(path + ".reject_at", "invalid_value", "must not be below review_at")
        }
    }
}
