/// EXIF orientation (tag 0x0112): how the stored pixels must be turned to stand upright.
public enum ImageOrientation: Int, Sendable {
    case up = 1
    case upMirrored = 2
    case down = 3
    case downMirrored = 4
    case leftMirrored = 5
    case right = 6
    case rightMirrored = 7
    case left = 8

    /// Whether turning upright swaps width and height.
    public var swapsSides: Bool { rawValue >= 5 }

    /// Where the upright pixel (`x`, `y`) of a `width` × `height` upright image is stored, in a
    /// stored image `storedWidth` × `storedHeight`.
    @inlinable func storedPosition(x: Int, y: Int, uprightWidth w: Int, uprightHeight h: Int) -> (x: Int, y: Int) {
        switch self {
        case .up: (x, y)
        case .upMirrored: (w - 1 - x, y)
        case .down: (w - 1 - x, h - 1 - y)
        case .downMirrored: (x, h - 1 - y)
        case .leftMirrored: (y, x)
        case .right: (y, w - 1 - x)
        case .rightMirrored: (h - 1 - y, w - 1 - x)
        case .left: (h - 1 - y, x)
        }
    }
}

extension DecodedImage {
    /// The image turned upright as `orientation` says.
    public func upright(_ orientation: ImageOrientation) -> DecodedImage {
        guard orientation != .up else { return self }
        let (w, h) = orientation.swapsSides ? (height, width) : (width, height)
        let n = channels.rawValue
        var out = [UInt8](repeating: 0, count: pixels.count)
        pixels.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                for y in 0..<h {
                    for x in 0..<w {
                        let stored = orientation.storedPosition(x: x, y: y, uprightWidth: w, uprightHeight: h)
                        let from = (stored.y * width + stored.x) * n
                        let to = (y * w + x) * n
                        for c in 0..<n { target[to + c] = source[from + c] }
                    }
                }
            }
        }
        return DecodedImage(width: w, height: h, channels: channels, pixels: out)
    }
}

/// Reads the orientation from a JPEG's EXIF segment (APP1 `Exif\0\0`, a TIFF header, IFD0).
/// Anything missing, malformed or out of range reads as `.up`: orientation is a hint, and a
/// broken one is no reason to refuse the picture.
enum ExifOrientationReader {
    static func orientation(ofJPEG bytes: [UInt8]) -> ImageOrientation {
        guard let tiff = exifPayload(bytes) else { return .up }
        return orientation(tiff: tiff) ?? .up
    }

    /// The TIFF bytes of the first APP1 Exif segment before the image data.
    static func exifPayload(_ bytes: [UInt8]) -> ArraySlice<UInt8>? {
        var offset = 2
        while offset + 4 <= bytes.count, bytes[offset] == 0xFF {
            let marker = bytes[offset + 1]
            // Start of scan or end of image: the metadata segments are all before it.
            if marker == 0xDA || marker == 0xD9 { return nil }
            let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            guard length >= 2, offset + 2 + length <= bytes.count else { return nil }
            let body = bytes[(offset + 4)..<(offset + 2 + length)]
            if marker == 0xE1, body.starts(with: Array("Exif".utf8) + [0, 0]) {
                return body.dropFirst(6)
            }
            offset += 2 + length
        }
        return nil
    }

    static func orientation(tiff: ArraySlice<UInt8>) -> ImageOrientation? {
        let tiff = Array(tiff)
        guard tiff.count >= 8 else { return nil }
        let little: Bool
        switch (tiff[0], tiff[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return nil
        }
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= tiff.count else { return nil }
            return little ? Int(tiff[at]) | Int(tiff[at + 1]) << 8 : Int(tiff[at]) << 8 | Int(tiff[at + 1])
        }
        func u32(_ at: Int) -> Int? {
            guard let high = u16(little ? at + 2 : at), let low = u16(little ? at : at + 2) else { return nil }
            return high << 16 | low
        }
        guard let ifd = u32(4), let count = u16(ifd) else { return nil }
        for entry in 0..<min(count, 512) {
            let at = ifd + 2 + entry * 12
            guard let tag = u16(at) else { return nil }
            if tag == 0x0112, let value = u16(at + 8) { return ImageOrientation(rawValue: value) }
        }
        return nil
    }
}
