import Base
import Foundation

/// One entity of a published list, as far as matching needs it: read from a FollowTheMoney
/// JSON line as OpenSanctions publishes them.
public struct ListEntity: Sendable, Hashable {
    public var id: String
    /// `Person`, `Organization`, `LegalEntity`, `Company`, …
    public var schema: String
    public var caption: String
    public var names: [String]
    public var aliases: [String]
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    public var birthDates: [String]
    /// ISO 3166-1 alpha-2, lower case.
    public var countries: [String]
    public var topics: [String]
    public var datasets: [String]
    public var lastChange: String?

    public init(
        id: String,
        schema: String = "Person",
        caption: String? = nil,
        names: [String],
        aliases: [String] = [],
        birthDates: [String] = [],
        countries: [String] = [],
        topics: [String] = [],
        datasets: [String] = [],
        lastChange: String? = nil
    ) {
        self.id = id
        self.schema = schema
        self.caption = caption ?? names.first ?? id
        self.names = names
        self.aliases = aliases
        self.birthDates = birthDates
        self.countries = countries
        self.topics = topics
        self.datasets = datasets
        self.lastChange = lastChange
    }
}

/// Why a line of a list could not be read.
public struct ListLineError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}

extension ListEntity {
    /// Bounds on what one line may bring: a list is outside data.
    public static let maximumValuesPerProperty = 200
    public static let maximumValueLength = 500

    /// The entity of one FollowTheMoney JSON line. Names and aliases come from `name`, `alias`,
    /// `weakAlias` and the parts of a person's name when no full name is given; countries from
    /// `nationality`, `citizenship` and `country`. Over-long values are cut, surplus values
    /// dropped; a line without an id or without any name is refused.
    public init(line: some Collection<UInt8>) throws {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: Data(line))
        } catch {
            throw ListLineError(reason: "not a JSON object")
        }
        guard case .object(let object) = value else { throw ListLineError(reason: "not a JSON object") }
        guard let id = object["id"]?.stringValue, !id.isEmpty, id.utf8.count <= 200 else {
            throw ListLineError(reason: "no id")
        }
        let properties = object["properties"] ?? .object([:])
        func values(_ key: String) -> [String] {
            (properties[key]?.arrayValue ?? []).prefix(Self.maximumValuesPerProperty).compactMap { item in
                guard let text = item.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
                return String(text.prefix(Self.maximumValueLength))
            }
        }
        var names = values("name")
        if names.isEmpty {
            let parts = [values("firstName").first, values("middleName").first, values("lastName").first].compactMap { $0 }
            if !parts.isEmpty { names = [parts.joined(separator: " ")] }
        }
        guard !names.isEmpty else { throw ListLineError(reason: "no name") }
        self.init(
            id: id,
            schema: object["schema"]?.stringValue ?? "Thing",
            caption: object["caption"]?.stringValue.map { String($0.prefix(Self.maximumValueLength)) },
            names: names,
            aliases: values("alias") + values("weakAlias"),
            birthDates: values("birthDate").filter(Self.isDate),
            countries: (values("nationality") + values("citizenship") + values("country")).map { $0.lowercased() }
                .filter { $0.utf8.count == 2 },
            topics: values("topics"),
            datasets: (object["datasets"]?.arrayValue ?? []).prefix(50).compactMap(\.stringValue),
            lastChange: object["last_change"]?.stringValue.map { String($0.prefix(40)) }
        )
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with digits where digits belong.
    static func isDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard [4, 7, 10].contains(bytes.count) else { return false }
        return bytes.enumerated().allSatisfy { index, byte in
            index == 4 || index == 7 ? byte == UInt8(ascii: "-") : (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
    }
}
