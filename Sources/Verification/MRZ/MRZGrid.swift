/// The characters of a zone, upper-cased, its lines laid end to end with no separators.
///
/// Fields are addressed by offsets into this flat run, which lets one field layout table describe
/// each format and keeps reading free of line bookkeeping.
struct MRZGrid {
    /// Three lines of 44 would be the largest; no format has more than 3×30 or 2×44 characters.
    static let capacity = 3 * 44

    static let filler = UInt8(ascii: "<")

    let bytes: UnsafeBufferPointer<UInt8>

    subscript(offset: Int) -> UInt8 { bytes[offset] }

    func isFiller(_ range: Range<Int>) -> Bool {
        for offset in range where bytes[offset] != Self.filler { return false }
        return true
    }

    /// How many characters of `range` come before its first filler.
    func leadingRunLength(_ range: Range<Int>) -> Int {
        var offset = range.lowerBound
        while offset < range.upperBound && bytes[offset] != Self.filler { offset += 1 }
        return offset - range.lowerBound
    }

    func addCharacters(_ range: Range<Int>, to sum: inout MRZCheckDigitSum) {
        for offset in range { sum.add(bytes[offset]) }
    }

    /// Whether the character at `offset` is the decimal digit `sum` produces.
    func holdsCheckDigit(of sum: MRZCheckDigitSum, at offset: Int) -> Bool {
        let character = bytes[offset]
        return Self.isDigit(character) && Int(character &- UInt8(ascii: "0")) == sum.digit
    }

    /// The check digit over `range` is at `offset`.
    func checkDigitHolds(over range: Range<Int>, at offset: Int) -> Bool {
        var sum = MRZCheckDigitSum()
        addCharacters(range, to: &sum)
        return holdsCheckDigit(of: sum, at: offset)
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
