/// Walks a PNG's chunks by their declared lengths, reading the header and the text metadata.
///
/// Image data chunks are skipped by length, never read. CRCs are not verified: that would mean
/// reading every byte, and a bad CRC is a decoder's concern, not a sign of tampering.
enum PNGInspector {
    private static let signatureLength = 8
    /// Length, type, CRC.
    private static let chunkOverhead = 12
    /// The PNG specification caps chunk lengths at 2^31 − 1.
    private static let maximumChunkLength = Int(Int32.max)
    private static let headerChunk = FourCC.code("IHDR")
    private static let endChunk = FourCC.code("IEND")
    private static let textChunk = FourCC.code("tEXt")
    private static let internationalTextChunk = FourCC.code("iTXt")
    private static let exifChunk = FourCC.code("eXIf")

    static func inspect(_ bytes: [UInt8]) -> FileReport {
        var report = FileReport(fileType: .png)
        var evidence = SoftwareEvidence()
        let file = ByteWindow(bytes)
        var offset = signatureLength
        var sawEnd = false
        while !sawEnd {
            guard offset < file.count else {
                report.isTruncated = true
                break
            }
            guard let length = file.uint32(at: offset, .bigEndian), length <= maximumChunkLength,
                let type = file.uint32(at: offset + 4, .bigEndian),
                let data = file.window(at: offset + 8, length: length),
                file.contains(offset: offset + 8 + length, length: 4)
            else {
                // A length past the end: the walk cannot continue, and the file is short of IEND.
                report.isCorrupt = true
                report.isTruncated = true
                break
            }
            let isHeader = offset == signatureLength
            sawEnd = read(chunk: type, data: data, isHeader: isHeader, into: &report, &evidence)
            offset += chunkOverhead + length
        }
        report.record(evidence)
        return report
    }

    /// Reads one chunk; returns true at IEND.
    private static func read(
        chunk type: Int,
        data: ByteWindow,
        isHeader: Bool,
        into report: inout FileReport,
        _ evidence: inout SoftwareEvidence
    ) -> Bool {
        switch type {
        case headerChunk where isHeader: readHeader(data, into: &report)
        case headerChunk: report.isCorrupt = true  // only one header, and only first
        case endChunk: return true
        case textChunk where evidence.hasRoom: PNGTextChunk.readText(data, into: &evidence)
        case internationalTextChunk where evidence.hasRoom: PNGTextChunk.readInternationalText(data, into: &evidence)
        case exifChunk where evidence.hasRoom: evidence.offer(TIFFMetadata.software(inEXIF: data), from: .softwareTag)
        default: break
        }
        return false
    }

    /// Width, height, bit depth, colour type, compression, filter, interlace.
    private static func readHeader(_ data: ByteWindow, into report: inout FileReport) {
        guard data.count == 13, let width = data.uint32(at: 0, .bigEndian), let height = data.uint32(at: 4, .bigEndian),
            let bitDepth = data.byte(at: 8), let colourType = data.byte(at: 9), let compression = data.byte(at: 10),
            let filter = data.byte(at: 11), let interlace = data.byte(at: 12)
        else {
            report.isCorrupt = true
            return
        }
        let sidesInRange = width <= maximumChunkLength && height <= maximumChunkLength
        let methodsKnown = compression == 0 && filter == 0 && interlace <= 1
        if !sidesInRange || !methodsKnown || !isValid(bitDepth: bitDepth, colourType: colourType) {
            report.isCorrupt = true
        }
        if sidesInRange { report.recordDimensions(width: width, height: height) }
    }

    /// The bit depths the specification allows for each colour type.
    private static func isValid(bitDepth: UInt8, colourType: UInt8) -> Bool {
        switch colourType {
        case 0: return [1, 2, 4, 8, 16].contains(bitDepth)
        case 3: return [1, 2, 4, 8].contains(bitDepth)
        case 2, 4, 6: return bitDepth == 8 || bitDepth == 16
        default: return false
        }
    }
}
