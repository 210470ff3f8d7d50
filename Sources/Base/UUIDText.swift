import Foundation

/// UUID text without Foundation's string machinery, which showed up in profiles of hot routes.
///
/// The functions are inlinable: every request parses and prints ids from other modules, and a
/// generic function called across modules runs unspecialized (its `enumerated()` alone built
/// tuple metadata on every character, a tenth of the status route's time).
public enum UUIDText {
    @usableFromInline static let digits = Array("0123456789abcdef".utf8)

    /// Lowercase hex, with or without the four dashes.
    @inlinable
    public static func format(_ uuid: UUID, dashes: Bool) -> String {
        withUnsafeBytes(of: uuid.uuid) { bytes in
            String(unsafeUninitializedCapacity: dashes ? 36 : 32) { buffer in
                var index = 0
                for (offset, byte) in bytes.enumerated() {
                    if dashes && (offset == 4 || offset == 6 || offset == 8 || offset == 10) {
                        buffer[index] = UInt8(ascii: "-")
                        index += 1
                    }
                    buffer[index] = digits[Int(byte >> 4)]
                    buffer[index + 1] = digits[Int(byte & 0x0F)]
                    index += 2
                }
                return index
            }
        }
    }

    /// Lowercase hex of any bytes.
    @inlinable
    public static func hex(_ bytes: some Collection<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            var index = 0
            for byte in bytes {
                buffer[index] = digits[Int(byte >> 4)]
                buffer[index + 1] = digits[Int(byte & 0x0F)]
                index += 2
            }
            return index
        }
    }

    /// Parses 32 hex digits, optionally with dashes at the standard places. With
    /// `lowercaseOnly`, upper-case digits are refused.
    @inlinable
    public static func parse(_ text: some Collection<UInt8>, lowercaseOnly: Bool = false) -> UUID? {
        guard text.count == 32 || text.count == 36 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 16)
        var nibbles = 0
        for (offset, character) in text.enumerated() {
            if text.count == 36 && (offset == 8 || offset == 13 || offset == 18 || offset == 23) {
                guard character == UInt8(ascii: "-") else { return nil }
                continue
            }
            let value: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = character - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F") where !lowercaseOnly: value = character - UInt8(ascii: "A") + 10
            default: return nil
            }
            bytes[nibbles / 2] |= nibbles % 2 == 0 ? value << 4 : value
            nibbles += 1
        }
        guard nibbles == 32 else { return nil }
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            )
        )
    }
}
