/// Turns the short texts found in metadata (tool names, producer strings) into clean Swift strings.
///
/// Metadata fields are written by arbitrary programs: they may be padded with NULs or spaces,
/// be far longer than any real name, or not be valid in their declared encoding. Decoding is
/// lenient and the result is trimmed and capped, so the report never carries megabytes of junk.
enum MetadataText {
    /// No real program name is longer; anything beyond this is padding or garbage.
    static let maximumLength = 256

    /// UTF-8 text (EXIF ASCII, XMP, PNG iTXt), cut at the first NUL.
    static func utf8(_ bytes: some Collection<UInt8>) -> String? {
        let text = bytes.prefix(maximumLength * 4).prefix { $0 != 0 }
        return cleaned(String(decoding: text, as: UTF8.self))
    }

    /// ISO 8859-1 text (PNG tEXt), where every byte is one character.
    static func latin1(_ bytes: some Collection<UInt8>) -> String? {
        var scalars = String.UnicodeScalarView()
        for byte in bytes.prefix(maximumLength * 4).prefix(while: { $0 != 0 }) {
            scalars.append(Unicode.Scalar(byte))
        }
        return cleaned(String(scalars))
    }

    /// UTF-16 big-endian text (PDF strings after their FE FF mark).
    static func utf16BigEndian(_ bytes: some Collection<UInt8>) -> String? {
        var units: [UInt16] = []
        var high: UInt8?
        for byte in bytes.prefix(maximumLength * 8) {
            if let first = high {
                units.append(UInt16(first) << 8 | UInt16(byte))
                high = nil
            } else {
                high = byte
            }
        }
        return cleaned(String(decoding: units, as: UTF16.self))
    }

    /// Trims blanks and control characters at both ends and caps the length; nil when nothing is left.
    static func cleaned(_ text: String) -> String? {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isBlank($0) }),
            let last = scalars.lastIndex(where: { !isBlank($0) })
        else { return nil }
        let trimmed = String(scalars[first...last])
        return trimmed.count > maximumLength ? String(trimmed.prefix(maximumLength)) : trimmed
    }

    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar.value < 0x20 || scalar.value == 0x7F
    }
}
