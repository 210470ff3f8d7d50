/// Decodes a PDF string object (literal `( … )` or hexadecimal `< … >`) into text.
///
/// Strings starting with the FE FF mark are UTF-16BE and with EF BB BF UTF-8; others are
/// PDFDocEncoding, read here as Latin-1, which agrees on every character a program name uses.
/// Input is read for at most `maximumInput` bytes so a crafted, unterminated string costs little.
enum PDFString {
    private static let maximumInput = 4096
    private static let maximumOutput = 1024

    /// The text of the string object at `index`, or nil when there is none (a reference, a number…).
    static func decode(in buffer: UnsafeBufferPointer<UInt8>, at index: Int) -> String? {
        guard index < buffer.count else { return nil }
        let end = min(buffer.count, index + maximumInput)
        switch buffer[index] {
        case UInt8(ascii: "("): return text(from: literalBytes(buffer, from: index + 1, to: end))
        case UInt8(ascii: "<"): return hexBytes(buffer, from: index + 1, to: end).flatMap(text(from:))
        default: return nil
        }
    }

    private static func text(from bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0xFE, 0xFF]) { return MetadataText.utf16BigEndian(bytes.dropFirst(2)) }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return MetadataText.utf8(bytes.dropFirst(3)) }
        return MetadataText.latin1(bytes)
    }

    /// The bytes of a literal string: balanced parentheses kept, escapes resolved.
    private static func literalBytes(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> [UInt8] {
        var output: [UInt8] = []
        var depth = 1
        var index = start
        while index < end, output.count < maximumOutput {
            let byte = buffer[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\\"):
                guard index < end else { return output }
                index = unescape(buffer, at: index, to: end, into: &output)
            case UInt8(ascii: "("):
                depth += 1
                output.append(byte)
            case UInt8(ascii: ")"):
                depth -= 1
                if depth == 0 { return output }
                output.append(byte)
            default:
                output.append(byte)
            }
        }
        return output
    }

    /// Resolves the escape whose first character is at `index`; returns where the string continues.
    private static func unescape(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int, to end: Int, into output: inout [UInt8]) -> Int {
        let escaped = buffer[index]
        switch escaped {
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            var value = 0
            var position = index
            while position < end, position < index + 3, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(buffer[position]) {
                value = value * 8 + Int(buffer[position] - UInt8(ascii: "0"))
                position += 1
            }
            output.append(UInt8(truncatingIfNeeded: value))
            return position
        case 0x0D:
            // A backslash before a line break continues the string on the next line.
            return index + 1 < end && buffer[index + 1] == 0x0A ? index + 2 : index + 1
        case 0x0A:
            break
        default:
            output.append(escaped)  // \( \) \\ and unknown escapes stand for the character itself
        }
        return index + 1
    }

    /// The bytes of a hexadecimal string; whitespace is ignored and an odd last digit is padded with 0.
    private static func hexBytes(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> [UInt8]? {
        var output: [UInt8] = []
        var pending: UInt8?
        var index = start
        while index < end, output.count < maximumOutput {
            let byte = buffer[index]
            index += 1
            if byte == UInt8(ascii: ">") { break }
            if PDFSyntax.isWhitespace(byte) { continue }
            guard let digit = hexValue(byte) else { return nil }
            if let high = pending {
                output.append(high << 4 | digit)
                pending = nil
            } else {
                pending = digit
            }
        }
        if let high = pending { output.append(high << 4) }
        return output
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
