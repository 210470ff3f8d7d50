/// How large an image may be before any pixel memory is allocated for it.
///
/// A file's header states its dimensions; a small file can state enormous ones (a
/// decompression bomb), so they are checked against these limits first, from the header alone.
public struct ImageLimits: Sendable, Equatable {
    /// The longest side, in pixels.
    public var maximumSide: Int
    /// Width × height, in pixels.
    public var maximumPixels: Int

    /// 16,384 pixels a side and 64 megapixels: above the largest phone cameras (48–50 MP).
    public init(maximumSide: Int = 16_384, maximumPixels: Int = 64_000_000) {
        self.maximumSide = maximumSide
        self.maximumPixels = maximumPixels
    }

    /// Whether a `width` × `height` image fits, without overflow for any stated size.
    public func admit(width: Int, height: Int) -> Bool {
        guard width > 0, height > 0, width <= maximumSide, height <= maximumSide else { return false }
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        return !overflow && pixels <= maximumPixels
    }
}
