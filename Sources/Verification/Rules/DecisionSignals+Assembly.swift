import Base

/// One current document as the applicant's decision sees it.
public struct DocumentFacts: Sendable, Hashable {
    public var type: String
    public var status: String
    public var signals: DocumentSignals

    public init(type: String, status: String, signals: DocumentSignals) {
        self.type = type
        self.status = status
        self.signals = signals
    }
}

extension DecisionSignals {
    /// Gathers an applicant's signals from its current documents, its profile and the
    /// applicant-level checks. Identity facts come from a valid zone first, the profile second.
    public static func assemble(
        documents: [DocumentFacts],
        profile: ProfileFacts,
        today: CivilDate,
        screening: ScreeningSignal = .skipped,
        regulatorStatus: String = "skipped",
        face: FaceSignal = .skipped
    ) -> DecisionSignals {
        var signals = DecisionSignals()
        var birthDate = profile.dateOfBirth
        for document in documents {
            signals.documentStatuses[document.type] = document.status
            let facts = document.signals
            if facts.mrzValid == true {
                signals.mrzValid = true
                // A zone read from a photo outranks one only a client vouches for.
                if signals.mrzSource != "image" { signals.mrzSource = facts.mrzSource }
                signals.documentCode = facts.documentCode
                signals.issuingCountry = facts.issuingCountry
                signals.country = facts.nationality ?? signals.country
                signals.daysToExpiry = facts.daysToExpiry
                birthDate = facts.birthDate.flatMap { CivilDate($0) } ?? birthDate
            }
            if let score = facts.nameScore { signals.nameScore = min(signals.nameScore ?? 1, score) }
            if let matches = facts.birthDateMatches { signals.birthDateMatches = (signals.birthDateMatches ?? true) && matches }
            if !facts.editingTools.isEmpty { signals.tampering = true }
            signals.duplicateFile = signals.duplicateFile || facts.duplicateFile
            signals.duplicateDocumentNumber = signals.duplicateDocumentNumber || facts.duplicateDocumentNumber
            if let age = facts.proofOfAddressAgeDays { signals.proofOfAddressAgeDays = age }
            if let sharpness = facts.sharpness { signals.photoSharpness = min(signals.photoSharpness ?? sharpness, sharpness) }
            if let glare = facts.glare { signals.photoGlare = max(signals.photoGlare ?? glare, glare) }
        }
        signals.age = birthDate.map { $0.wholeYears(until: today) }
        signals.country = signals.country ?? profile.nationality.flatMap(CountryCodes.alpha3)
        signals.residence = profile.residence.flatMap(CountryCodes.alpha3)
        signals.screeningStatus = screening.status
        signals.screeningTopScore = screening.topScore
        signals.screeningSanctions = screening.sanctions
        signals.screeningPEP = screening.pep
        signals.screeningWatchlist = screening.watchlist
        signals.regulatorStatus = regulatorStatus
        signals.face = face
        return signals
    }
}

/// What screening found, reduced to what rules read.
public struct ScreeningSignal: Sendable, Hashable {
    /// `clear`, `hit`, `skipped`, `error`.
    public var status: String
    public var topScore: Double
    public var sanctions: Bool
    public var pep: Bool
    /// A hit on the tenant's own watch list.
    public var watchlist: Bool

    public init(status: String, topScore: Double = 0, sanctions: Bool = false, pep: Bool = false, watchlist: Bool = false) {
        self.status = status
        self.topScore = topScore
        self.sanctions = sanctions
        self.pep = pep
        self.watchlist = watchlist
    }

    public static let skipped = ScreeningSignal(status: "skipped")
}
