import Verification

extension SanctionsIndex {
    /// Gathers entities one at a time, as an import streams them, into the index's flat storage.
    public struct Builder: Sendable {
        var ids: [String] = []
        var slots: [Slot] = []
        var names: [Name] = []
        var nameTokens: [UInt32] = []
        var dates: [String] = []
        var countries: [String] = []
        var tokens: [String] = []
        var tokenIDs: [String: UInt32] = [:]
        var postings: [[UInt32]] = []

        /// Bounds on what one entity adds, whatever its list says.
        static let maximumNames = 64
        static let maximumDates = 16
        static let maximumCountries = 16

        public init() {}

        public var count: Int { ids.count }

        /// Adds an entity; one whose names hold no letters is left out (returns false).
        @discardableResult
        public mutating func add(_ entity: ListEntity) -> Bool {
            let entityIndex = UInt32(ids.count)
            let nameStart = UInt32(names.count)
            let labelled = entity.names.map { ($0, false) } + entity.aliases.map { ($0, true) }
            for (text, isAlias) in labelled.prefix(Self.maximumNames) {
                let words = NameMatcher.tokens(text).prefix(Int(UInt8.max))
                guard !words.isEmpty else { continue }
                names.append(Name(tokenStart: UInt32(nameTokens.count), tokenCount: UInt8(words.count), isAlias: isAlias))
                for word in words { nameTokens.append(intern(word, entity: entityIndex)) }
            }
            guard names.count > Int(nameStart) else { return false }
            let entityDates = entity.birthDates.prefix(Self.maximumDates)
            let entityCountries = Array(Set(entity.countries)).sorted().prefix(Self.maximumCountries)
            slots.append(
                Slot(
                    nameStart: nameStart,
                    nameCount: UInt16(names.count - Int(nameStart)),
                    dateStart: UInt32(dates.count),
                    dateCount: UInt8(entityDates.count),
                    countryStart: UInt32(countries.count),
                    countryCount: UInt8(entityCountries.count)
                )
            )
            dates.append(contentsOf: entityDates)
            countries.append(contentsOf: entityCountries)
            ids.append(entity.id)
            return true
        }

        /// The word's id, with the entity added to its postings once.
        mutating func intern(_ word: String, entity: UInt32) -> UInt32 {
            if let id = tokenIDs[word] {
                if postings[Int(id)].last != entity { postings[Int(id)].append(entity) }
                return id
            }
            let id = UInt32(tokens.count)
            tokens.append(word)
            tokenIDs[word] = id
            postings.append([entity])
            return id
        }

        public func build() -> SanctionsIndex {
            SanctionsIndex(builder: self)
        }
    }
}
