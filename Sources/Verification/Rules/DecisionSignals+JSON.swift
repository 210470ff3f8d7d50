import Base

extension DecisionSignals {
    /// Reads signals back from the form `json(riskScore:)` writes (a stored decision), so past
    /// applicants can be decided again under a draft rule set.
    public init(json: JSONValue) {
        self.init()
        guard case .object(let root) = json else { return }
        func object(_ key: String) -> [String: JSONValue] {
            if case .object(let fields) = root[key] { return fields }
            return [:]
        }
        func number(_ value: JSONValue?) -> Double? {
            if case .number(let number) = value { return number }
            return nil
        }
        func string(_ value: JSONValue?) -> String? {
            if case .string(let string) = value { return string }
            return nil
        }
        func bool(_ value: JSONValue?) -> Bool? {
            if case .bool(let flag) = value { return flag }
            return nil
        }
        // `Int(_:)` traps out of range, and a stored document may hold any JSON number.
        func whole(_ value: JSONValue?) -> Int? {
            number(value).flatMap { Int(exactly: $0.rounded(.towardZero)) }
        }
        age = whole(root["age"])
        country = string(root["country"])
        residence = string(root["residence"])
        nameScore = number(root["name_score"])
        let doc = object("doc")
        mrzValid = bool(doc["mrz_valid"]) ?? false
        mrzSource = string(doc["mrz_source"])
        documentCode = string(doc["type"])
        issuingCountry = string(doc["issuing_country"])
        daysToExpiry = whole(doc["days_to_expiry"])
        tampering = bool(doc["tampering"]) ?? false
        birthDateMatches = bool(doc["birth_date_matches"])
        documentStatuses = object("documents").compactMapValues { string($0) }
        let duplicate = object("duplicate")
        duplicateFile = bool(duplicate["file"]) ?? false
        duplicateDocumentNumber = bool(duplicate["document_number"]) ?? false
        proofOfAddressAgeDays = whole(object("proof_of_address")["age_days"])
        photoSharpness = number(object("photo")["sharpness"])
        photoGlare = number(object("photo")["glare"])
        let screening = object("screening")
        screeningStatus = string(screening["status"]) ?? "skipped"
        screeningTopScore = number(screening["top_score"]) ?? 0
        screeningSanctions = bool(screening["sanctions"]) ?? false
        screeningPEP = bool(screening["pep"]) ?? false
        screeningWatchlist = bool(screening["watchlist"]) ?? false
        regulatorStatus = string(object("regulator")["status"]) ?? "skipped"
        let face = object("face")
        self.face = FaceSignal(
            status: string(face["status"]) ?? "skipped",
            distance: number(face["distance"]),
            reason: string(face["reason"]),
            duplicate: bool(face["duplicate"]) ?? false
        )
    }
}
