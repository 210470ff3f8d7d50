/// Walks a WebP's RIFF chunks: the first gives the size, later ones (extended files only) the metadata.
///
/// The RIFF header states the file's length, so truncation is a comparison, and chunk walking
/// skips image data by size.
enum WebPInspector {
    private static let riffHeaderLength = 12
    private static let chunkHeaderLength = 8
    private static let lossy = FourCC.code("VP8 ")
    private static let lossless = FourCC.code("VP8L")
    private static let extended = FourCC.code("VP8X")
    private static let exif = FourCC.code("EXIF")
    private static let xmp = FourCC.code("XMP ")

    static func inspect(_ bytes: [UInt8]) -> FileReport {
        var report = FileReport(fileType: .webp)
        let file = ByteWindow(bytes)
        // The RIFF size counts everything after its own field, starting with the "WEBP" form type.
        guard let riffSize = file.uint32(at: 4, .littleEndian), riffSize >= 4 + chunkHeaderLength else {
            report.isCorrupt = true
            return report
        }
        let declaredEnd = 8 + riffSize
        report.isTruncated = declaredEnd > file.count
        var evidence = SoftwareEvidence()
        let chunksTile = walkChunks(in: file, declaredEnd: declaredEnd) { type, payload, isFirst in
            if isFirst {
                readImageHeader(type, payload, into: &report)
            } else if evidence.hasRoom {
                readMetadata(type, payload, into: &evidence)
            }
        }
        if !chunksTile { report.isCorrupt = true }
        report.record(evidence)
        return report
    }

    /// Visits each chunk's type and (possibly cut-short) payload; false when the chunks do not tile
    /// the declared RIFF size.
    private static func walkChunks(in file: ByteWindow, declaredEnd: Int, visit: (Int, ByteWindow, Bool) -> Void) -> Bool {
        let walkEnd = min(declaredEnd, file.count)
        var offset = riffHeaderLength
        while offset < walkEnd {
            guard walkEnd - offset >= chunkHeaderLength, let type = file.uint32(at: offset, .bigEndian),
                let size = file.uint32(at: offset + 4, .littleEndian)
            else {
                // Stray bytes in a complete file are malformed; in a short one they are just where it stops.
                return walkEnd < declaredEnd
            }
            let payloadEnd = offset + chunkHeaderLength + size
            guard payloadEnd <= declaredEnd, let payload = file.available(at: offset + chunkHeaderLength, upTo: size) else {
                return false
            }
            visit(type, payload, offset == riffHeaderLength)
            offset = payloadEnd + size % 2  // chunks are padded to even sizes
        }
        return true
    }

    private static func readMetadata(_ type: Int, _ payload: ByteWindow, into evidence: inout SoftwareEvidence) {
        switch type {
        case exif: evidence.offer(TIFFMetadata.software(inEXIF: payload), from: .softwareTag)
        case xmp: XMPMetadata.record(payload, into: &evidence)
        default: break
        }
    }

    private static func readImageHeader(_ type: Int, _ payload: ByteWindow, into report: inout FileReport) {
        switch type {
        case lossy: readLossyHeader(payload, into: &report)
        case lossless: readLosslessHeader(payload, into: &report)
        case extended:
            guard let width = payload.uint24(at: 4, .littleEndian), let height = payload.uint24(at: 7, .littleEndian) else {
                report.isCorrupt = true
                return
            }
            report.recordDimensions(width: width + 1, height: height + 1)
        default:
            report.isCorrupt = true
        }
    }

    /// VP8 key frame: a 3-byte frame tag, the start code 9D 01 2A, then 14-bit width and height.
    private static func readLossyHeader(_ payload: ByteWindow, into report: inout FileReport) {
        guard let frameTag = payload.byte(at: 0), frameTag & 1 == 0, payload.matches([0x9D, 0x01, 0x2A], at: 3),
            let width = payload.uint16(at: 6, .littleEndian), let height = payload.uint16(at: 8, .littleEndian)
        else {
            report.isCorrupt = true
            return
        }
        // The top two bits of each are upscaling hints, not size.
        report.recordDimensions(width: width & 0x3FFF, height: height & 0x3FFF)
    }

    /// VP8L: signature 0x2F, then width − 1 and height − 1 in 14 bits each, an alpha bit and a 3-bit version (0).
    private static func readLosslessHeader(_ payload: ByteWindow, into report: inout FileReport) {
        guard payload.byte(at: 0) == 0x2F, let bits = payload.uint32(at: 1, .littleEndian), bits >> 29 == 0 else {
            report.isCorrupt = true
            return
        }
        report.recordDimensions(width: (bits & 0x3FFF) + 1, height: (bits >> 14 & 0x3FFF) + 1)
    }
}
