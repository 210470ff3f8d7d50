/// Reads the metadata segments of a JPEG header: EXIF and XMP (both APP1), Photoshop's APP13 and
/// comments (COM).
///
/// Only the first EXIF and the first XMP segment are read: the formats allow one each (extended
/// XMP has its own header), and a file that repeats them gains nothing but a longer inspection.
struct JPEGMetadataSegments {
    private static let exifMarker: UInt8 = 0xE1
    private static let photoshopMarker: UInt8 = 0xED
    private static let commentMarker: UInt8 = 0xFE
    private static let xmpPrefix: [UInt8] = Array("http://ns.adobe.com/xap/1.0/".utf8) + [0]
    private static let photoshopPrefix: [UInt8] = Array("Photoshop 3.0".utf8) + [0]

    private var sawEXIF = false
    private var sawXMP = false

    mutating func read(marker: UInt8, payload: ByteWindow, into evidence: inout SoftwareEvidence) {
        switch marker {
        case Self.exifMarker where !sawEXIF && TIFFMetadata.isEXIF(payload):
            sawEXIF = true
            evidence.offer(TIFFMetadata.software(inEXIF: payload), from: .softwareTag)
        case Self.exifMarker where !sawXMP && payload.matches(Self.xmpPrefix, at: 0):
            sawXMP = true
            if let packet = payload.window(from: Self.xmpPrefix.count) { XMPMetadata.record(packet, into: &evidence) }
        case Self.photoshopMarker where payload.matches(Self.photoshopPrefix, at: 0):
            // Photoshop's image resource block; other tools can write one, but the format is Photoshop's.
            evidence.addTrace(named: "photoshop")
        case Self.commentMarker where evidence.hasRoom:
            // GIMP and others sign their output here ("Created with GIMP").
            evidence.mention(MetadataText.utf8(payload.bytes))
        default:
            break
        }
    }
}
