import Foundation

/// One person on a tenant's own watch list, matched against applicants alongside the sanctions
/// and PEP lists. The values are stored as the API checked them: names trimmed, birth dates as
/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, countries as lowercase ISO 3166-1 alpha-2.
public struct WatchlistEntry: Sendable, Equatable {
    public var id: WatchlistEntryID
    public var names: [String]
    public var birthDates: [String]
    public var countries: [String]
    /// FollowTheMoney topics (`sanction`, `role.pep`, `crime`, `watchlist`), so a hit on the
    /// tenant's list reads like one on a public list.
    public var topics: [String]
    /// The merchant's own id for the entry.
    public var reference: String?
    public var note: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: WatchlistEntryID,
        names: [String],
        birthDates: [String] = [],
        countries: [String] = [],
        topics: [String] = WatchlistEntry.defaultTopics,
        reference: String? = nil,
        note: String? = nil,
        createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.names = names
        self.birthDates = birthDates
        self.countries = countries
        self.topics = topics
        self.reference = reference
        self.note = note
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// What an entry is about when its creator does not say.
    public static let defaultTopics = ["watchlist"]
    /// How many entries a tenant may have: screening reads the whole list for every applicant.
    public static let limitPerTenant = 10_000
}

/// What a new entry holds, or what a change sets; in a change, nil leaves a field as it is, and
/// an empty `reference` or `note` clears it.
public struct WatchlistEntryFields: Sendable, Equatable {
    public var names: [String]?
    public var birthDates: [String]?
    public var countries: [String]?
    public var topics: [String]?
    public var reference: String?
    public var note: String?

    public init(
        names: [String]? = nil,
        birthDates: [String]? = nil,
        countries: [String]? = nil,
        topics: [String]? = nil,
        reference: String? = nil,
        note: String? = nil
    ) {
        self.names = names
        self.birthDates = birthDates
        self.countries = countries
        self.topics = topics
        self.reference = reference
        self.note = note
    }
}
