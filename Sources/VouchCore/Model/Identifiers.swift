import Base
import Foundation
import Postgres

/// A database id shown to clients with a type prefix (`app_…`), so ids of different kinds cannot
/// be mixed up and say what they are in logs.
public protocol PrefixedID: Hashable, Sendable, CustomStringConvertible, Codable {
    static var prefix: String { get }
    var uuid: UUID { get }
    init(uuid: UUID)
}

extension PrefixedID {
    /// A new time-ordered id (UUIDv7), so inserts land at the end of the index.
    public static func generate() -> Self { Self(uuid: UUID.version7()) }

    /// Parses `prefix_<32 hex>`; anything else is not an id of this kind.
    public init?(_ text: some StringProtocol) {
        guard text.hasPrefix(Self.prefix + "_") else { return nil }
        let hex = text.dropFirst(Self.prefix.count + 1)
        guard hex.count == 32, let uuid = UUID(hex: hex) else { return nil }
        self.init(uuid: uuid)
    }

    public var description: String { Self.prefix + "_" + uuid.compactHex }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = Self(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a \(Self.prefix)_ id")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

public struct TenantID: PrefixedID {
    public static let prefix = "ten"
    public let uuid: UUID
    public init(uuid: UUID) { self.uuid = uuid }

    /// The UUID version that marks a tenant's test-mode twin (migration 0031 holds rows to it).
    static let testModeVersion: UInt8 = 8

    /// Whether this is a test-mode twin: its keys are `vk_test_…` and nothing it does leaves Vouch.
    public var isTestMode: Bool { uuid.uuid.6 >> 4 == Self.testModeVersion }

    /// Live (`true`) or test (`false`), as every object the API shows says.
    public var livemode: Bool { !isTestMode }

    /// This live tenant's test-mode twin: the same id with version 8, so that either mode's id
    /// gives the other's without a lookup, and the twin sorts next to its live tenant.
    public var testMode: TenantID {
        var bytes = uuid.uuid
        bytes.6 = Self.testModeVersion << 4 | (bytes.6 & 0x0F)
        return TenantID(uuid: UUID(uuid: bytes))
    }
}

public struct ReviewNoteID: PrefixedID {
    public static let prefix = "rvn"
    public let uuid: UUID
    public init(uuid: UUID) { self.uuid = uuid }
}

public struct APIKeyID: PrefixedID {
    public static let prefix = "key"
    public let uuid: UUID
    public init(uuid: UUID) { self.uuid = uuid }
}

public struct ApplicantID: PrefixedID {
    public static let prefix = "app"
    public let uuid: UUID
    public init(uuid: UUID) { self.uuid = uuid }
}

public struct DocumentID: PrefixedID {
    public static let prefix = "doc"
    public let uuid: UUID
    public init(uuid: UUID) { self.uuid = uuid }
}

extension UUID {
    /// A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits.
    public static func version7(now: Date = Date()) -> UUID {
        var bytes = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for index in 6..<16 { bytes[index] = generator.next() }
        // 48 bits of milliseconds last until the year 10889; beyond either end, the end.
        let millis = UInt64(min(max(0, Int(saturating: now.timeIntervalSince1970 * 1000)), 0xFFFF_FFFF_FFFF))
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: millis >> (8 * (5 - index))) }
        bytes[6] = 0x70 | (bytes[6] & 0x0F)
        bytes[8] = 0x80 | (bytes[8] & 0x3F)
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            )
        )
    }

    /// 32 lowercase hex digits, no dashes.
    public var compactHex: String { UUIDText.format(self, dashes: false) }

    /// Parses 32 lowercase hex digits without dashes (the only spelling ids are shown in).
    public init?(hex: some StringProtocol) {
        guard let uuid = UUIDText.parse(hex.utf8, lowercaseOnly: true), hex.utf8.count == 32 else { return nil }
        self = uuid
    }
}

/// An event in the outbox (`evt_…`).
public struct EventID: PrefixedID {
    public static let prefix = "evt"
    public let uuid: UUID
    public init(uuid: UUID) { self.uuid = uuid }
}

/// A case in the review queue (`rev_…`).
public struct ReviewID: PrefixedID {
    public static let prefix = "rev"
    public let uuid: UUID
    public init(uuid: UUID) { self.uuid = uuid }
}

/// One run of an applicant-level check or decision (`chk_…`).
public struct CheckID: PrefixedID {
    public static let prefix = "chk"
    public let uuid: UUID
    public init(uuid: UUID) { self.uuid = uuid }
}

/// A merchant's webhook endpoint (`we_…`).
public struct WebhookEndpointID: PrefixedID {
    public static let prefix = "we"
    public let uuid: UUID
    public init(uuid: UUID) { self.uuid = uuid }
}

/// One event's delivery to one endpoint, with its attempts (`whd_…`).
public struct WebhookDeliveryID: PrefixedID {
    public static let prefix = "whd"
    public let uuid: UUID
    public init(uuid: UUID) { self.uuid = uuid }
}

/// One row of a tenant's audit log (`aud_…`).
public struct AuditEventID: PrefixedID {
    public static let prefix = "aud"
    public let uuid: UUID
    public init(uuid: UUID) { self.uuid = uuid }
}

/// One person on a tenant's own watch list (`wle_…`).
public struct WatchlistEntryID: PrefixedID {
    public static let prefix = "wle"
    public let uuid: UUID
    public init(uuid: UUID) { self.uuid = uuid }
}
