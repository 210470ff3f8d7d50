/// Turning grid fields into the strings of an `MRZDocument`.
///
/// Each string is composed in a stack buffer first: asking `String` for the field's full capacity up front
/// would allocate for long fields (names) even when the result fits an inline small string.
extension MRZGrid {
    /// The field with every filler taken out.
    func text(_ range: Range<Int>) -> String {
        makeString(capacity: range.count) { buffer in
            var count = 0
            for offset in range where bytes[offset] != Self.filler {
                buffer[count] = bytes[offset]
                count += 1
            }
            return count
        }
    }

    /// The field's words: each run of fillers between them read as one space, none at either end.
    func words(_ range: Range<Int>) -> String {
        makeString(capacity: range.count) { buffer in
            var count = 0
            var pendingSpace = false
            for offset in range {
                let byte = bytes[offset]
                if byte == Self.filler {
                    pendingSpace = count > 0
                    continue
                }
                if pendingSpace {
                    buffer[count] = UInt8(ascii: " ")
                    count += 1
                    pendingSpace = false
                }
                buffer[count] = byte
                count += 1
            }
            return count
        }
    }

    /// Splits `SURNAME<<GIVEN<NAMES` at its first double filler; without one the whole field is the surname.
    func names(_ range: Range<Int>) -> (surname: String, givenNames: String) {
        var offset = range.lowerBound
        while offset + 1 < range.upperBound {
            if bytes[offset] == Self.filler && bytes[offset + 1] == Self.filler {
                return (words(range.lowerBound..<offset), words(offset + 2..<range.upperBound))
            }
            offset += 1
        }
        return (words(range), "")
    }

    /// A `YYMMDD` field as numbers, or nil when a character is not a digit.
    func yymmdd(_ range: Range<Int>) -> (yy: Int, mm: Int, dd: Int)? {
        var digits = (0, 0, 0)
        for pair in 0..<3 {
            let tens = bytes[range.lowerBound + 2 * pair]
            let units = bytes[range.lowerBound + 2 * pair + 1]
            guard Self.isDigit(tens), Self.isDigit(units) else { return nil }
            let value = Int(tens &- UInt8(ascii: "0")) * 10 + Int(units &- UInt8(ascii: "0"))
            switch pair {
            case 0: digits.0 = value
            case 1: digits.1 = value
            default: digits.2 = value
            }
        }
        return (digits.0, digits.1, digits.2)
    }

    /// The sex field; an unspecified `<` reads as "X".
    func sex(at offset: Int) -> String {
        switch bytes[offset] {
        case UInt8(ascii: "M"): return "M"
        case UInt8(ascii: "F"): return "F"
        case Self.filler, UInt8(ascii: "X"): return "X"
        default: return String(Unicode.Scalar(bytes[offset]))
        }
    }

    /// A string of the bytes `write` puts in a buffer of `capacity`, returning how many it wrote.
    private func makeString(capacity: Int, _ write: (UnsafeMutableBufferPointer<UInt8>) -> Int) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            let count = write(buffer)
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
        }
    }
}
