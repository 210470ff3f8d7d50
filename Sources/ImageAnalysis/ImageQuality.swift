import ImageDecoding

/// What a photo's pixels say about whether it can be read: figures, not verdicts. The
/// thresholds that turn them into "please retake" belong to the tenant's rules.
public struct ImageQualityFigures: Sendable, Equatable {
    /// The upright photo's size, in pixels.
    public var width: Int
    public var height: Int
    /// Variance of the Laplacian over the photo scaled to `ImageQuality.measuringSide`: sharp
    /// print gives hundreds, a photo out of focus or shaken a few tens or less.
    public var sharpness: Double
    /// The share of the photo (0–1) in blown-out highlights: bright pixels (≥ 250) whose 3 × 3
    /// neighbourhood is bright too, which is what a lamp's or the sun's reflection leaves.
    public var glare: Double
    /// Mean brightness, 0–255.
    public var brightness: Double
}

/// Measures `ImageQualityFigures` on a grey copy no larger than `measuringSide`: the figures
/// then mean the same whatever resolution the camera had, and cost the same.
public enum ImageQuality {
    public static let measuringSide = 1_000

    public static func measure(_ image: DecodedImage) -> ImageQualityFigures {
        let grey = image.grey().fitting(side: measuringSide)
        return ImageQualityFigures(
            width: image.width,
            height: image.height,
            sharpness: laplacianVariance(grey),
            glare: glareShare(grey),
            brightness: mean(grey)
        )
    }

    /// Variance of the 4-neighbour Laplacian over the interior pixels.
    static func laplacianVariance(_ grey: DecodedImage) -> Double {
        let (w, h) = (grey.width, grey.height)
        guard w >= 3, h >= 3 else { return 0 }
        var sum = 0.0
        var squares = 0.0
        grey.pixels.withUnsafeBufferPointer { p in
            for y in 1..<(h - 1) {
                let row = y * w
                for x in 1..<(w - 1) {
                    let at = row + x
                    let value = Int(p[at - 1]) + Int(p[at + 1]) + Int(p[at - w]) + Int(p[at + w]) - 4 * Int(p[at])
                    let v = Double(value)
                    sum += v
                    squares += v * v
                }
            }
        }
        let n = Double((w - 2) * (h - 2))
        let average = sum / n
        return max(0, squares / n - average * average)
    }

    /// The share of interior pixels that are saturated with all eight neighbours saturated.
    static func glareShare(_ grey: DecodedImage, level: UInt8 = 250) -> Double {
        let (w, h) = (grey.width, grey.height)
        guard w >= 3, h >= 3 else { return 0 }
        var blown = 0
        grey.pixels.withUnsafeBufferPointer { p in
            for y in 1..<(h - 1) {
                for x in 1..<(w - 1) where p[y * w + x] >= level {
                    var all = true
                    for dy in -1...1 where all {
                        for dx in -1...1 where p[(y + dy) * w + x + dx] < level {
                            all = false
                            break
                        }
                    }
                    if all { blown += 1 }
                }
            }
        }
        return Double(blown) / Double(w * h)
    }

    static func mean(_ grey: DecodedImage) -> Double {
        guard !grey.pixels.isEmpty else { return 0 }
        return Double(grey.pixels.reduce(0) { $0 + Int($1) }) / Double(grey.pixels.count)
    }
}
