/// The running 7-3-1 weighted sum behind a Doc 9303 check digit.
///
/// Kept as a running sum so the composite check digit, which spans several separate fields,
/// is computed without concatenating them.
struct MRZCheckDigitSum {
    private var sum = 0
    private var weightIndex = 0

    /// The check digit of everything added so far.
    var digit: Int { sum % 10 }

    mutating func add(_ character: UInt8) {
        let weight: Int
        switch weightIndex {
        case 0: weight = 7
        case 1: weight = 3
        default: weight = 1
        }
        sum += Self.value(of: character) * weight
        weightIndex = weightIndex == 2 ? 0 : weightIndex + 1
    }

    /// Digits count as themselves, letters as 10…35 (either case, so raw input can be checked),
    /// and the filler `<`, like anything else, as 0.
    static func value(of character: UInt8) -> Int {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(character &- UInt8(ascii: "0"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(character &- UInt8(ascii: "A")) + 10
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return Int(character &- UInt8(ascii: "a")) + 10
        default: return 0
        }
    }
}
