extension DecodedImage {
    /// The pixels inside the rectangle, clipped to the image; an empty image when nothing of it
    /// lies inside.
    public func cropped(x: Int, y: Int, width cropWidth: Int, height cropHeight: Int) -> DecodedImage {
        let left = min(max(0, x), width)
        let top = min(max(0, y), height)
        let right = min(width, max(left, Self.end(x, cropWidth)))
        let bottom = min(height, max(top, Self.end(y, cropHeight)))
        let w = right - left
        let h = bottom - top
        let n = channels.rawValue
        var out = [UInt8]()
        out.reserveCapacity(w * h * n)
        for row in top..<bottom {
            let start = (row * width + left) * n
            out.append(contentsOf: pixels[start..<start + w * n])
        }
        return DecodedImage(width: w, height: h, channels: channels, pixels: out)
    }

    /// `start + length`, saturating instead of overflowing.
    private static func end(_ start: Int, _ length: Int) -> Int {
        let (sum, overflow) = start.addingReportingOverflow(length)
        return overflow ? (length > 0 ? Int.max : Int.min) : sum
    }
}
