import Foundation
import VouchCore

/// A watch list entry as the API shows it; every member always present.
struct WatchlistEntryBody: Encodable {
    var object = "watchlist_entry"
    var livemode = Livemode()
    var id: String
    var names: [String]
    var birthDates: [String]
    var countries: [String]
    var topics: [String]
    @Nullable var reference: String?
    @Nullable var note: String?
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case object, livemode, id, names, countries, topics, reference, note
        case birthDates = "birth_dates"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    init(_ entry: WatchlistEntry) {
        id = entry.id.description
        names = entry.names
        birthDates = entry.birthDates
        countries = entry.countries
        topics = entry.topics
        reference = entry.reference
        note = entry.note
        createdAt = entry.createdAt
        updatedAt = entry.updatedAt
    }
}

/// The body of `POST` and `PATCH /v1/watchlist-entries…`: a member left out or `null` is not
/// given (on `PATCH`, kept as it is).
struct WatchlistEntryRequest: Decodable {
    var names: [String]?
    var birthDates: [String]?
    var countries: [String]?
    var topics: [String]?
    var reference: String?
    var note: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case names, countries, topics, reference, note
        case birthDates = "birth_dates"
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        names = try container.decodeIfPresent([String].self, forKey: .names)
        birthDates = try container.decodeIfPresent([String].self, forKey: .birthDates)
        countries = try container.decodeIfPresent([String].self, forKey: .countries)
        topics = try container.decodeIfPresent([String].self, forKey: .topics)
        reference = try container.decodeIfPresent(String.self, forKey: .reference)
        note = try container.decodeIfPresent(String.self, forKey: .note)
    }

    /// Every given field checked and put in the form it is stored in; the first problem found
    /// is reported.
    func validated(now: Date = Date()) throws -> WatchlistEntryFields {
        WatchlistEntryFields(
            names: try names.map(WatchlistRules.names),
            birthDates: try birthDates.map { try WatchlistRules.birthDates($0, now: now) },
            countries: try countries.map(WatchlistRules.countries),
            topics: try topics.map(WatchlistRules.topics),
            reference: try reference.map { try WatchlistRules.line($0, "reference", max: 200) },
            note: try note.map(WatchlistRules.note)
        )
    }
}
