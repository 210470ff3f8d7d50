/// Walks a JPEG's marker segments from SOI to the start of scan.
///
/// Entropy-coded data is never read, so the cost does not depend on the image size: the headers are
/// walked, then the last two bytes are checked for EOI. A file that merely has trailing bytes after
/// EOI (some cameras and editors pad) therefore counts as truncated; that is rare in uploads and
/// keeps the check to two bytes.
enum JPEGInspector {
    /// How the header walk ended.
    private enum WalkEnd {
        /// Reached SOS: the headers are complete.
        case startOfScan
        /// The file ended exactly between segments.
        case endOfFile
        /// A segment runs past the end of the file.
        case cutShort
        /// Something other than a valid marker was found.
        case malformed
    }

    private static let startOfScan: UInt8 = 0xDA

    static func inspect(_ bytes: [UInt8]) -> FileReport {
        var report = FileReport(fileType: .jpeg)
        var evidence = SoftwareEvidence()
        var sawFrame = false
        var metadata = JPEGMetadataSegments()
        let walkEnd = walkHeaders(ByteWindow(bytes)) { marker, payload in
            if isStartOfFrame(marker), !sawFrame {
                sawFrame = true
                readFrameHeader(payload, into: &report)
            }
            metadata.read(marker: marker, payload: payload, into: &evidence)
        }
        let endsWithEOI = bytes.count >= 4 && bytes[bytes.count - 2] == 0xFF && bytes[bytes.count - 1] == 0xD9
        switch walkEnd {
        case .startOfScan: report.isCorrupt = report.isCorrupt || !sawFrame
        case .endOfFile: break
        case .cutShort, .malformed: report.isCorrupt = true
        }
        report.isTruncated = !endsWithEOI || walkEnd == .endOfFile || walkEnd == .cutShort
        report.record(evidence)
        return report
    }

    /// Calls `visit` with each segment's marker and payload until SOS (included) or a problem.
    private static func walkHeaders(_ file: ByteWindow, visit: (UInt8, ByteWindow) -> Void) -> WalkEnd {
        var offset = 2  // past SOI
        while true {
            guard let lead = file.byte(at: offset) else { return .endOfFile }
            guard lead == 0xFF else { return .malformed }
            offset += 1
            // Any number of 0xFF fill bytes may precede a marker.
            while file.byte(at: offset) == 0xFF { offset += 1 }
            guard let marker = file.byte(at: offset) else { return .cutShort }
            offset += 1
            switch marker {
            case 0x01, 0xD0...0xD7:
                continue  // TEM and RSTn stand alone
            case 0x00, 0xD8, 0xD9:
                return .malformed  // a stuffed zero, a second SOI, or EOI before any scan
            default:
                guard let length = file.uint16(at: offset, .bigEndian) else { return .cutShort }
                guard length >= 2 else { return .malformed }
                guard let payload = file.window(at: offset + 2, length: length - 2) else { return .cutShort }
                visit(marker, payload)
                if marker == startOfScan { return .startOfScan }
                offset += length
            }
        }
    }

    /// SOF0–SOF15, leaving out the three markers in that range that are not frames.
    private static func isStartOfFrame(_ marker: UInt8) -> Bool {
        (0xC0...0xCF).contains(marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
    }

    /// Precision, height, width, component count: the frame header's fixed start.
    private static func readFrameHeader(_ payload: ByteWindow, into report: inout FileReport) {
        guard let height = payload.uint16(at: 1, .bigEndian), let width = payload.uint16(at: 3, .bigEndian),
            let components = payload.byte(at: 5), components > 0
        else {
            report.isCorrupt = true
            return
        }
        report.recordDimensions(width: width, height: height)
    }
}
