import ImageDecoding

/// Which pixels are ink: darker than the mean of the window around them by a margin.
///
/// A threshold of the neighbourhood, not of the whole photo, because document photos are lit
/// unevenly (a shadow across one end of the zone, a reflection on the other) and the zone's ink is
/// only ever dark compared with the paper right beside it.
enum InkMap {
    /// One byte a pixel, 1 for ink. `radius` is the half-width of the averaging window.
    static func threshold(_ image: DecodedImage, radius: Int) -> [UInt8] {
        let (width, height) = (image.width, image.height)
        guard width > 0, height > 0 else { return [] }
        // A window's sum must stay under 2^32 (255 × (2 × 2047 + 1)² does).
        let radius = min(radius, 2047)
        let sums = integral(image)
        var ink = [UInt8](repeating: 0, count: width * height)
        let stride = width + 1
        image.pixels.withUnsafeBufferPointer { grey in
            sums.withUnsafeBufferPointer { sum in
                ink.withUnsafeMutableBufferPointer { out in
                    for y in 0..<height {
                        let top = max(0, y - radius)
                        let bottom = min(height, y + radius + 1)
                        for x in 0..<width {
                            let left = max(0, x - radius)
                            let right = min(width, x + radius + 1)
                            let area = UInt32((bottom - top) * (right - left))
                            // The table wraps (see `integral`); a window's own sum, under 2^32,
                            // comes out exact from wrapping arithmetic all the same.
                            let total =
                                (sum[bottom * stride + right] &+ sum[top * stride + left])
                                &- (sum[top * stride + right] &+ sum[bottom * stride + left])
                            let value = UInt64(grey[y * width + x])
                            // Ink: at least 15% and 14 levels below the local mean.
                            let (window, count) = (UInt64(total), UInt64(area))
                            let scaled = value * count
                            if scaled * 100 < window * 85 && scaled + 14 * count < window { out[y * width + x] = 1 }
                        }
                    }
                }
            }
        }
        return ink
    }

    /// Sums of every rectangle from the origin: entry (y, x) of a (height+1) × (width+1) table,
    /// modulo 2^32 — half the memory of 64-bit sums, and a window's sum is still exact.
    private static func integral(_ image: DecodedImage) -> [UInt32] {
        let (width, height) = (image.width, image.height)
        let stride = width + 1
        var sums = [UInt32](repeating: 0, count: stride * (height + 1))
        image.pixels.withUnsafeBufferPointer { grey in
            sums.withUnsafeMutableBufferPointer { sum in
                for y in 0..<height {
                    var row: UInt32 = 0
                    for x in 0..<width {
                        row &+= UInt32(grey[y * width + x])
                        sum[(y + 1) * stride + x + 1] = sum[y * stride + x + 1] &+ row
                    }
                }
            }
        }
        return sums
    }
}
