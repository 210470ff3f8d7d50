/// The PNG text chunks that name software: `Software` (the writer), `Comment` (GIMP, for one,
/// writes "Created with GIMP" there) and the XMP packet Adobe tools store as `XML:com.adobe.xmp`.
enum PNGTextChunk {
    private enum Keyword {
        case software
        case comment
        case xmp
    }

    private static let keywords: [(bytes: [UInt8], meaning: Keyword)] = [
        (Array("Software".utf8) + [0], .software),
        (Array("Comment".utf8) + [0], .comment),
        (Array("XML:com.adobe.xmp".utf8) + [0], .xmp),
    ]

    /// `tEXt`: keyword, NUL, Latin-1 text.
    static func readText(_ data: ByteWindow, into evidence: inout SoftwareEvidence) {
        guard let (keyword, textStart) = keyword(of: data), let text = data.window(from: textStart) else { return }
        record(keyword, text: text, decoded: MetadataText.latin1(text.bytes), into: &evidence)
    }

    /// `iTXt`: keyword, NUL, compression flag and method, language tag, NUL, translated keyword,
    /// NUL, UTF-8 text. Compressed text is skipped: inflating it is a decoder's job.
    static func readInternationalText(_ data: ByteWindow, into evidence: inout SoftwareEvidence) {
        guard let (keyword, flagOffset) = keyword(of: data), data.byte(at: flagOffset) == 0,
            let languageEnd = data.firstOffset(of: [0], from: flagOffset + 2),
            let translatedEnd = data.firstOffset(of: [0], from: languageEnd + 1),
            let text = data.window(from: translatedEnd + 1)
        else { return }
        record(keyword, text: text, decoded: keyword == .xmp ? nil : MetadataText.utf8(text.bytes), into: &evidence)
    }

    /// The chunk's keyword, if one that matters, and where the rest of the chunk starts.
    private static func keyword(of data: ByteWindow) -> (Keyword, Int)? {
        keywords.first { data.matches($0.bytes, at: 0) }.map { ($0.meaning, $0.bytes.count) }
    }

    private static func record(_ keyword: Keyword, text: ByteWindow, decoded: String?, into evidence: inout SoftwareEvidence) {
        switch keyword {
        case .software: evidence.offer(decoded, from: .softwareTag)
        case .comment: evidence.mention(decoded)
        case .xmp: XMPMetadata.record(text, into: &evidence)
        }
    }
}
