import Foundation

/// Splits a name as typed by a person or read from an MRZ into comparable upper-case ASCII words.
enum NameTokenizer {
    /// Bounds on the work one untrusted name can cause; an MRZ name field holds only 39 characters.
    static let maxTokenLength = 64
    static let maxTokensPerField = 16

    /// Appends the words of `text` to `tokens`.
    ///
    /// Latin letters are folded by table; a name containing letters of another script (Cyrillic, Greek,
    /// Han…) is first romanised with ICU's Any-Latin transform, which is slower but rare.
    static func tokenize(_ text: String, role: NameToken.Role, into tokens: inout [NameToken]) {
        let start = tokens.count
        if tokenize(text, role: role, into: &tokens, droppingOtherScripts: false) { return }
        tokens.removeSubrange(start...)
        let latin = text.applyingTransform(.toLatin, reverse: false) ?? text
        _ = tokenize(latin, role: role, into: &tokens, droppingOtherScripts: true)
    }

    /// False, leaving `tokens` partly filled, when the text holds a non-Latin letter and those are not dropped.
    private static func tokenize(
        _ text: String,
        role: NameToken.Role,
        into tokens: inout [NameToken],
        droppingOtherScripts: Bool
    ) -> Bool {
        var builder = TokenBuilder(role: role, appendingTo: tokens)
        tokens = []  // leaves the builder the only owner, so its appends need not copy
        defer { tokens = builder.tokens }
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                builder.append(ascii: UInt8(scalar.value))
            } else if let spelling = LatinFolding.spelling(of: scalar) {
                builder.append(spelling)
            } else if isCombiningMark(scalar) {
                continue  // a decomposed accent belongs to the letter before it
            } else if scalar.properties.isAlphabetic {
                if !droppingOtherScripts { return false }
            } else {
                builder.endToken()
            }
        }
        builder.endToken()
        return true
    }

    private static func isCombiningMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }
}

/// Accumulates the letters of the current word in both spellings.
private struct TokenBuilder {
    let role: NameToken.Role
    private(set) var tokens: [NameToken]
    private let fieldStart: Int
    private var plain: [UInt8] = []
    private var icao: [UInt8]?

    init(role: NameToken.Role, appendingTo tokens: [NameToken]) {
        self.role = role
        self.tokens = tokens
        self.fieldStart = tokens.count
    }

    /// Letters and digits extend the word; everything else (space, hyphen, apostrophe, `<`) ends it.
    mutating func append(ascii byte: UInt8) {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): append(letter: byte)
        case UInt8(ascii: "a")...UInt8(ascii: "z"): append(letter: byte - 0x20)
        default: endToken()
        }
    }

    mutating func append(_ spelling: LatinFolding.Spelling) {
        guard plain.count < NameTokenizer.maxTokenLength else { return }
        if plain.isEmpty { plain.reserveCapacity(16) }
        if spelling.icao != nil && icao == nil { icao = plain }
        icao?.append(contentsOf: spelling.icao ?? spelling.plain)
        plain.append(contentsOf: spelling.plain)
    }

    mutating func endToken() {
        if !plain.isEmpty && tokens.count - fieldStart < NameTokenizer.maxTokensPerField {
            tokens.append(NameToken(plain: plain, icao: icao, role: role))
        }
        plain = []
        icao = nil
    }

    private mutating func append(letter: UInt8) {
        guard plain.count < NameTokenizer.maxTokenLength else { return }
        if plain.isEmpty { plain.reserveCapacity(16) }  // one allocation covers almost every name
        plain.append(letter)
        icao?.append(letter)
    }
}
