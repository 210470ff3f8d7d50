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
        self.caption = caption.flatMap { $0.isEmpty ? nil : $0 } ?? names.first ?? id
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

    public init(reason: String) {
        self.reason = reason
    }
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
        try self.init(json: try Self.parse(line))
    }

    /// The JSON value of a line; `ListLineError` when it is not JSON.
    public static func parse(_ line: some Collection<UInt8>) throws -> JSONValue {
        do {
            return try JSONValue(parsing: Data(line))
        } catch {
            throw ListLineError(reason: "not a JSON object")
        }
    }

    /// The entity of a FollowTheMoney entity object.
    public init(json value: JSONValue) throws {
        guard case .object(let object) = value else { throw ListLineError(reason: "not a JSON object") }
        guard let id = object["id"]?.stringValue.map(Self.cleaned), !id.isEmpty, id.utf8.count <= 200 else {
            throw ListLineError(reason: "no id")
        }
        let properties = object["properties"] ?? .object([:])
        func values(_ key: String) -> [String] {
            (properties[key]?.arrayValue ?? []).prefix(Self.maximumValuesPerProperty).compactMap { item in
                guard let text = item.stringValue.map(Self.cleaned), !text.isEmpty else { return nil }
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
            schema: object["schema"]?.stringValue.map { String(Self.cleaned($0).prefix(64)) } ?? "Thing",
            caption: object["caption"]?.stringValue.map { String(Self.cleaned($0).prefix(Self.maximumValueLength)) },
            names: names,
            aliases: values("alias") + values("weakAlias"),
            birthDates: values("birthDate").filter(Self.isDate),
            countries: (values("nationality") + values("citizenship") + values("country")).map { $0.lowercased() }
                .filter { $0.utf8.count == 2 },
            topics: values("topics"),
            datasets: (object["datasets"]?.arrayValue ?? []).prefix(50).compactMap { $0.stringValue.map(Self.cleaned) },
            lastChange: object["last_change"]?.stringValue.map { String(Self.cleaned($0).prefix(40)) }
        )
    }

    /// Text as stored: trimmed, without NUL characters (which Postgres cannot hold in text).
    static func cleaned(_ text: String) -> String {
        text.unicodeScalars.contains("\0")
            ? String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\0" })).trimmingCharacters(in: .whitespacesAndNewlines)
            : text.trimmingCharacters(in: .whitespacesAndNewlines)
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
