import Base
import Foundation
import Verification

/// One entry of a list that screening raised against the person, with what explains it: where
/// it comes from, which version of the entry, its score, and which features matched.
public struct ScreeningCandidate: Sendable, Hashable {
    public enum Source: String, Sendable {
        /// A published list, through the screening provider.
        case list
        /// The tenant's own watch list.
        case watchlist
    }

    public var source: Source
    public var id: String
    public var caption: String
    public var schema: String?
    public var score: Double
    public var datasets: [String]
    public var topics: [String]
    /// The version of the entry itself (the provider's `last_change`; a watch-list entry's last
    /// update): a clearance holds for this version only.
    public var entryVersion: String?
    /// The merchant's own reference, for a watch-list entry.
    public var reference: String?
    /// The provider's own feature scores, as given.
    public var features: [String: Double]
    public var comparison: CandidateComparison

    public var isSanctions: Bool { topics.contains { $0.hasPrefix("sanction") } }
    public var isPEP: Bool { topics.contains { $0 == "role.pep" || $0.hasPrefix("role.") } }

    /// What a clearance of this candidate is pinned to.
    public var clearanceKey: ScreeningClearance.Key { ScreeningClearance.Key(candidate: id, entryVersion: entryVersion ?? "") }

    public var json: JSONValue {
        .object([
            "source": .string(source.rawValue),
            "id": .string(id),
            "caption": .string(caption),
            "schema": schema.map(JSONValue.string) ?? .null,
            "score": .number(score),
            "datasets": .array(datasets.map(JSONValue.string)),
            "topics": .array(topics.map(JSONValue.string)),
            "entry_version": entryVersion.map(JSONValue.string) ?? .null,
            "reference": reference.map(JSONValue.string) ?? .null,
            "features": .object(features.mapValues(JSONValue.number)),
            "matched": Self.json(comparison),
        ])
    }

    /// Each feature's score, `null` when one side does not have it; with the name and alias
    /// that scored.
    static func json(_ comparison: CandidateComparison) -> JSONValue {
        func score(_ value: Double?) -> JSONValue { value.map { .number(($0 * 1000).rounded() / 1000) } ?? .null }
        return .object([
            "name": score(comparison.name),
            "matched_name": comparison.bestName.map(JSONValue.string) ?? .null,
            "alias": score(comparison.alias),
            "matched_alias": comparison.bestAlias.map(JSONValue.string) ?? .null,
            "birth_date": score(comparison.birthDate),
            "country": score(comparison.country),
        ])
    }
}
