/// Writes JSON by hand for the one response on a hot path (the status object, which clients
/// poll), where `JSONEncoder`'s generic machinery cost more than the rest of the request. Every
/// other response is an `Encodable` type written by `JSONCoding.response`.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// For each open object or array: whether nothing has been written in it yet.
    private var isFirst: [Bool] = []
    /// A key was just written: its value takes no comma.
    private var afterKey = false

    init(capacity: Int = 512) {
        bytes.reserveCapacity(capacity)
    }

    mutating func beginObject(_ key: String? = nil) {
        if let key { self.key(key) }
        separate()
        bytes.append(UInt8(ascii: "{"))
        isFirst.append(true)
    }

    mutating func endObject() {
        isFirst.removeLast()
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func beginArray(_ key: String) {
        self.key(key)
        separate()
        bytes.append(UInt8(ascii: "["))
        isFirst.append(true)
    }

    mutating func endArray() {
        isFirst.removeLast()
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func field(_ key: String, _ value: String) {
        self.key(key)
        separate()
        writeString(value)
    }

    mutating func field(_ key: String, _ value: Int) {
        self.key(key)
        separate()
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func field(_ key: String, _ value: Bool) {
        self.key(key)
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    mutating func field(_ key: String, strings: [String]) {
        beginArray(key)
        for value in strings {
            separate()
            writeString(value)
        }
        endArray()
    }

    private mutating func key(_ key: String) {
        separate()
        writeString(key)
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        guard let first = isFirst.last else { return }
        if !first { bytes.append(UInt8(ascii: ",")) }
        isFirst[isFirst.count - 1] = false
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A JSON string with the escapes RFC 8259 requires.
    private mutating func writeString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), byte])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                bytes.append(contentsOf: [Self.hexDigits[Int(byte >> 4)], Self.hexDigits[Int(byte & 0x0F)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
