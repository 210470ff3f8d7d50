import Base

/// Reading and validating ICAO Doc 9303 machine readable zones (passports, ID cards, visas).
///
/// Works on the UTF-8 bytes of the text with no regular expressions or intermediate strings, since
/// zones are checked on every document upload and in bulk re-verification.
public enum MRZ {
    /// Reads a zone and checks its check digits, dates and names.
    ///
    /// - Parameters:
    ///   - text: the zone's lines separated by "\n" or "\r\n"; surrounding whitespace and lower case are tolerated.
    ///   - today: the date two-digit years are resolved against, passed in so results do not depend on the clock.
    public static func parse(_ text: String, today: CivilDate) -> MRZResult {
        if let result = text.utf8.withContiguousStorageIfAvailable({ parse(utf8: $0, today: today) }) {
            return result
        }
        return Array(text.utf8).withUnsafeBufferPointer { parse(utf8: $0, today: today) }
    }

    /// The Doc 9303 check digit of `characters`: weights 7, 3, 1 repeating, digits as themselves,
    /// A–Z as 10–35, and `<` (or any other character) as 0.
    public static func checkDigit<S: Sequence>(_ characters: S) -> Int where S.Element == UInt8 {
        var sum = MRZCheckDigitSum()
        for character in characters { sum.add(character) }
        return sum.digit
    }

    private static func parse(utf8 text: UnsafeBufferPointer<UInt8>, today: CivilDate) -> MRZResult {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: MRZGrid.capacity) { storage in
            guard let format = MRZGridNormalizer.normalize(text, into: storage) else {
                return MRZResult(document: nil, failures: [MRZFailureCode.formatInvalid.rawValue])
            }
            var reader = MRZDocumentReader(grid: MRZGrid(bytes: UnsafeBufferPointer(storage)), format: format, today: today)
            let document = reader.read()
            return MRZResult(document: document, failures: reader.failureCodes)
        }
    }
}
