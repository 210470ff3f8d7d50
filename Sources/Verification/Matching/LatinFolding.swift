import Foundation

/// Upper-case ASCII spellings of accented Latin letters, the only letters an MRZ can print.
enum LatinFolding {
    /// The ways one letter may be written on a document.
    struct Spelling: Sendable {
        /// The letter without its diacritics: Ü → U, ß → SS, Ø → O.
        let plain: [UInt8]
        /// The ICAO 9303 transliteration when it differs from `plain`: Ü → UE, Å → AA, Ø → OE.
        let icao: [UInt8]?
    }

    /// The spelling of a non-ASCII Latin letter; nil for anything else (other scripts, symbols, marks).
    static func spelling(of scalar: Unicode.Scalar) -> Spelling? {
        table[scalar.value]
    }

    /// Latin-1, Latin Extended-A and -B, and Latin Extended Additional (Vietnamese), worked out once
    /// so that folding a name costs a lookup per accented letter rather than a Unicode normalisation.
    private static let table: [UInt32: Spelling] = {
        var table: [UInt32: Spelling] = [:]
        for value in Array(0xC0...0x24F) + Array(0x1E00...0x1EFF) {
            guard let scalar = Unicode.Scalar(value), let plain = plainSpelling(of: scalar) else { continue }
            table[UInt32(value)] = Spelling(plain: plain, icao: icaoSpellings[scalar].map { Array($0.utf8) })
        }
        return table
    }()

    private static func plainSpelling(of scalar: Unicode.Scalar) -> [UInt8]? {
        if let spelled = undecomposable[scalar] { return Array(spelled.utf8) }
        guard let base = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.first,
            base.isASCII, base.properties.isAlphabetic
        else { return nil }
        return [UInt8(base.value) & ~0x20]  // ASCII letters differ from their capital by this one bit
    }

    /// Letters that are not a base letter plus a combining mark, so canonical decomposition leaves them whole.
    private static let undecomposable: [Unicode.Scalar: String] = [
        "ß": "SS", "ẞ": "SS", "Æ": "AE", "æ": "AE", "Œ": "OE", "œ": "OE", "Ø": "O", "ø": "O",
        "Ł": "L", "ł": "L", "Đ": "D", "đ": "D", "Ð": "D", "ð": "D", "Þ": "TH", "þ": "TH",
        "Ħ": "H", "ħ": "H", "ı": "I", "Ŀ": "L", "ŀ": "L", "Ĳ": "IJ", "ĳ": "IJ", "ĸ": "K",
        "ŉ": "N", "Ŋ": "N", "ŋ": "N", "Ŧ": "T", "ŧ": "T", "ſ": "S", "ƒ": "F",
    ]

    /// Letters whose ICAO 9303 transliteration is not simply the base letter; German and Nordic
    /// documents print these forms, while people typing their own name often just drop the accent.
    private static let icaoSpellings: [Unicode.Scalar: String] = [
        "Ä": "AE", "ä": "AE", "Ö": "OE", "ö": "OE", "Ü": "UE", "ü": "UE",
        "Å": "AA", "å": "AA", "Ø": "OE", "ø": "OE",
    ]
}
