/// Which pixels are ink: darker than the mean of the window around them by a margin.
///
/// A threshold of the neighbourhood, not of the whole photo, because document photos are lit
/// unevenly (a shadow across one end of the zone, a reflection on the other) and the zone's ink is
/// only ever dark compared with the paper right beside it.
enum InkMap {
    /// One byte a pixel, 1 for ink. `radius` is the half-width of the averaging window.
    static func threshold(_ image: GreyImage, radius: Int) -> [UInt8] {
        let (width, height) = (image.width, image.height)
        guard width > 0, height > 0 else { return [] }
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
                            let area = UInt64((bottom - top) * (right - left))
                            // Added before subtracting: unsigned, the running value never goes below zero.
                            let total =
                                (sum[bottom * stride + right] + sum[top * stride + left])
                                - (sum[top * stride + right] + sum[bottom * stride + left])
                            let value = UInt64(grey[y * width + x])
                            // Ink: at least 15% and 14 levels below the local mean.
                            let scaled = value * area
                            if scaled * 100 < total * 85 && scaled + 14 * area < total { out[y * width + x] = 1 }
                        }
                    }
                }
            }
        }
        return ink
    }

    /// Sums of every rectangle from the origin: entry (y, x) of a (height+1) × (width+1) table.
    private static func integral(_ image: GreyImage) -> [UInt64] {
        let (width, height) = (image.width, image.height)
        let stride = width + 1
        var sums = [UInt64](repeating: 0, count: stride * (height + 1))
        image.pixels.withUnsafeBufferPointer { grey in
            sums.withUnsafeMutableBufferPointer { sum in
                for y in 0..<height {
                    var row: UInt64 = 0
                    for x in 0..<width {
                        row &+= UInt64(grey[y * width + x])
                        sum[(y + 1) * stride + x + 1] = sum[y * stride + x + 1] &+ row
                    }
                }
            }
        }
        return sums
    }
}
