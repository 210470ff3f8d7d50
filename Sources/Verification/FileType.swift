/// The kinds of file accepted as identity documents, recognised from their bytes alone.
public enum FileType: String, Sendable, CaseIterable {
    case jpeg
    case png
    case pdf
    case webp
    case heic

    /// The media type served back with the bytes.
    public var contentType: String {
        switch self {
        case .jpeg: return "image/jpeg"
        case .png: return "image/png"
        case .pdf: return "application/pdf"
        case .webp: return "image/webp"
        case .heic: return "image/heic"
        }
    }

    /// Recognises a file by its signature, whatever name or type the client claimed.
    ///
    /// Each format is checked past its first few bytes where the format allows (PNG's IHDR chunk,
    /// WebP's chunk type, HEIC's brand), so a text file that merely starts with the right letters
    /// is not taken for an image.
    public static func sniff(_ bytes: [UInt8]) -> FileType? {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) && bytes.count >= 4 { return .jpeg }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) && bytes.count >= 16
            && Array(bytes[12..<16]) == Array("IHDR".utf8)
        {
            return .png
        }
        if bytes.starts(with: Array("%PDF-".utf8)) && bytes.count >= 8 { return .pdf }
        if bytes.count >= 16 && bytes.starts(with: Array("RIFF".utf8)) && Array(bytes[8..<12]) == Array("WEBP".utf8)
            && [Array("VP8 ".utf8), Array("VP8L".utf8), Array("VP8X".utf8)].contains(Array(bytes[12..<16]))
        {
            return .webp
        }
        if isHEIF(bytes) { return .heic }
        return nil
    }

    private static let heifBrands: Set<String> = ["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"]

    /// An ISO-BMFF `ftyp` box whose major or a compatible brand is a HEIF one.
    private static func isHEIF(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 16, Array(bytes[4..<8]) == Array("ftyp".utf8) else { return false }
        let boxSize = Int(bytes[0]) << 24 | Int(bytes[1]) << 16 | Int(bytes[2]) << 8 | Int(bytes[3])
        guard boxSize >= 16, boxSize <= bytes.count, boxSize % 4 == 0 else { return false }
        var offset = 8
        while offset + 4 <= boxSize {
            if heifBrands.contains(String(decoding: bytes[offset..<offset + 4], as: UTF8.self)) { return true }
            offset += offset == 8 ? 8 : 4  // skip minor_version after the major brand
        }
        return false
    }
}
