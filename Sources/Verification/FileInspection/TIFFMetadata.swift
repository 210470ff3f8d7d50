/// Reads the `Software` tag from a TIFF structure, the container EXIF uses in JPEG, PNG and WebP.
///
/// Only the first IFD is visited: that is where writers put `Software`, and following IFD chains
/// through untrusted offsets buys nothing for this check. All offsets are relative to the TIFF
/// header and checked against the enclosing segment.
enum TIFFMetadata {
    private static let softwareTag = 0x0131
    private static let exifPrefix: [UInt8] = Array("Exif".utf8) + [0, 0]
    private static let entrySize = 12

    /// The `Software` value of IFD0, or nil when absent or unreadable.
    static func software(inTIFF tiff: ByteWindow) -> String? {
        guard let order = byteOrder(of: tiff), tiff.uint16(at: 2, order) == 42,
            let directory = tiff.uint32(at: 4, order), let entryCount = tiff.uint16(at: directory, order),
            tiff.contains(offset: directory + 2, length: entryCount * entrySize)
        else { return nil }
        for entry in 0..<entryCount {
            let entryOffset = directory + 2 + entry * entrySize
            if tiff.uint16(at: entryOffset, order) == softwareTag {
                return text(ofEntryAt: entryOffset, in: tiff, order)
            }
        }
        return nil
    }

    /// The `Software` value of an EXIF payload, with or without the `Exif\0\0` prefix JPEG requires
    /// and WebP writers sometimes keep.
    static func software(inEXIF payload: ByteWindow) -> String? {
        let start = payload.matches(exifPrefix, at: 0) ? exifPrefix.count : 0
        return payload.window(from: start).flatMap(software(inTIFF:))
    }

    /// Whether a segment payload is EXIF, as opposed to XMP or another APP1 use.
    static func isEXIF(_ payload: ByteWindow) -> Bool { payload.matches(exifPrefix, at: 0) }

    private static func byteOrder(of tiff: ByteWindow) -> ByteOrder? {
        switch (tiff.byte(at: 0), tiff.byte(at: 1)) {
        case (0x49, 0x49): return .littleEndian
        case (0x4D, 0x4D): return .bigEndian
        default: return nil
        }
    }

    /// The text of an entry whose values are single bytes (ASCII, or BYTE/UNDEFINED from sloppy writers).
    private static func text(ofEntryAt entryOffset: Int, in tiff: ByteWindow, _ order: ByteOrder) -> String? {
        guard let type = tiff.uint16(at: entryOffset + 2, order), [1, 2, 7].contains(type),
            let count = tiff.uint32(at: entryOffset + 4, order), count > 0
        else { return nil }
        // Values of four bytes or fewer sit in the entry itself; longer ones at an offset.
        let valueOffset = count <= 4 ? entryOffset + 8 : tiff.uint32(at: entryOffset + 8, order)
        guard let valueOffset, let value = tiff.window(at: valueOffset, length: count) else { return nil }
        return MetadataText.utf8(value.bytes)
    }
}
