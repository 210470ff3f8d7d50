/// Decoded pixels: 8-bit grey (one byte a pixel) or RGB (three), rows top to bottom, no padding.
public struct DecodedImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let channels: PixelChannels
    public let pixels: [UInt8]

    public init(width: Int, height: Int, channels: PixelChannels, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0 && pixels.count == width * height * channels.rawValue, "pixel count")
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// The value of channel `c` at (`x`, `y`).
    @inlinable public subscript(x: Int, y: Int, c: Int = 0) -> UInt8 {
        pixels[(y * width + x) * channels.rawValue + c]
    }

    /// The same image in grey (ITU-R BT.601 weights); itself when already grey.
    public func grey() -> DecodedImage {
        guard channels == .rgb else { return self }
        var out = [UInt8](repeating: 0, count: width * height)
        pixels.withUnsafeBufferPointer { rgb in
            for i in 0..<out.count {
                let r = UInt32(rgb[3 * i])
                let g = UInt32(rgb[3 * i + 1])
                let b = UInt32(rgb[3 * i + 2])
                out[i] = UInt8((r * 77 + g * 150 + b * 29) >> 8)
            }
        }
        return DecodedImage(width: width, height: height, channels: .grey, pixels: out)
    }
}

/// How many 8-bit channels a decoded pixel has.
public enum PixelChannels: Int, Sendable {
    case grey = 1
    case rgb = 3
}
