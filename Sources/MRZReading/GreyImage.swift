import ImageDecoding

/// An 8-bit grey image the reader works on: rows top to bottom, pixel (x, y) covering
/// [x, x+1) × [y, y+1), so a pixel's centre is at (x + 0.5, y + 0.5).
public struct GreyImage: Sendable {
    public let width: Int
    public let height: Int
    public let pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0 && pixels.count == width * height, "pixel count")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The grey copy of a decoded image.
    public init(_ image: DecodedImage) {
        let grey = image.grey()
        self.init(width: grey.width, height: grey.height, pixels: grey.pixels)
    }

    /// The image turned half a turn, for a document photographed upside down.
    func turnedHalf() -> GreyImage {
        GreyImage(width: width, height: height, pixels: pixels.reversed())
    }
}
