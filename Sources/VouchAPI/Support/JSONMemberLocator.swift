/// Finds where one member of a JSON object lies in its bytes, so that a large string value can
/// be read in place instead of through a `String`. It walks the top-level object only and
/// expects JSON already checked to be well formed (the decoder of the other fields checks it).
enum JSONMemberLocator {
    enum Found: Equatable {
        case missing
        /// The member is there twice: which one counts would be a guess.
        case duplicate
        /// The member's value is not a string.
        case notAString
        /// The bytes between the quotes; `escaped` when a backslash occurs among them.
        case string(Range<Int>, escaped: Bool)
    }

    static func locate(_ key: String, in bytes: UnsafeRawBufferPointer) -> Found {
        let wanted = Array(key.utf8)
        var found = Found.missing
        var at = skipSpace(bytes, 0)
        guard at < bytes.count, bytes[at] == UInt8(ascii: "{") else { return .missing }
        at = skipSpace(bytes, at + 1)
        while at < bytes.count, bytes[at] == UInt8(ascii: "\"") {
            let (name, nameEscaped, afterName) = scanString(bytes, from: at)
            at = skipSpace(bytes, afterName)
            guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { return found }
            at = skipSpace(bytes, at + 1)
            let matches = !nameEscaped && bytes[name].elementsEqual(wanted)
            let valueStart = at
            guard valueStart < bytes.count else { return found }
            at = skipValue(bytes, from: at)
            if matches || (nameEscaped && unescape(bytes[name]) == wanted) {
                guard found == .missing else { return .duplicate }
                if bytes[valueStart] == UInt8(ascii: "\"") {
                    let (value, escaped, _) = scanString(bytes, from: valueStart)
                    found = .string(value, escaped: escaped)
                } else {
                    found = .notAString
                }
            }
            at = skipSpace(bytes, at)
            guard at < bytes.count, bytes[at] == UInt8(ascii: ",") else { break }
            at = skipSpace(bytes, at + 1)
        }
        return found
    }

    /// A string's contents (between its quotes), whether it has escapes, and where it ends.
    static func scanString(_ bytes: UnsafeRawBufferPointer, from start: Int) -> (Range<Int>, Bool, Int) {
        var at = start + 1
        var escaped = false
        while at < bytes.count {
            switch bytes[at] {
            case UInt8(ascii: "\\"):
                escaped = true
                at += 2
            case UInt8(ascii: "\""):
                return (start + 1..<at, escaped, at + 1)
            default:
                at += 1
            }
        }
        return (start + 1..<min(at, bytes.count), escaped, bytes.count)
    }

    static func skipValue(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        guard start < bytes.count else { return start }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            return scanString(bytes, from: start).2
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var at = start
            while at < bytes.count {
                switch bytes[at] {
                case UInt8(ascii: "\""):
                    at = scanString(bytes, from: at).2
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return at + 1 }
                default:
                    break
                }
                at += 1
            }
            return at
        default:
            var at = start
            while at < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]")].contains(bytes[at]),
                !isSpace(bytes[at])
            {
                at += 1
            }
            return at
        }
    }

    /// A string's contents with JSON's escapes undone. Only for short names and the rare
    /// escaped value (`\/`, as some encoders write every slash).
    static func unescape(_ contents: Slice<UnsafeRawBufferPointer>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(contents.count)
        var at = contents.startIndex
        while at < contents.endIndex {
            let byte = contents[at]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                at += 1
                continue
            }
            guard at + 1 < contents.endIndex else { return nil }
            switch contents[at + 1] {
            case UInt8(ascii: "/"), UInt8(ascii: "\\"), UInt8(ascii: "\""): out.append(contents[at + 1])
            case UInt8(ascii: "u"):
                guard at + 6 <= contents.endIndex,
                    let scalar = UInt32(String(decoding: contents[(at + 2)..<(at + 6)], as: UTF8.self), radix: 16),
                    let character = Unicode.Scalar(scalar)
                else { return nil }
                out.append(contentsOf: Array(String(Character(character)).utf8))
                at += 6
                continue
            default:
                // \b \f \n \r \t: never part of a name or of base64 here.
                return nil
            }
            at += 2
        }
        return out
    }

    static func skipSpace(_ bytes: UnsafeRawBufferPointer, _ start: Int) -> Int {
        var at = start
        while at < bytes.count, isSpace(bytes[at]) { at += 1 }
        return at
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
