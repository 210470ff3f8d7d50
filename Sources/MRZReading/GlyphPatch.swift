import Base
import ImageDecoding

/// Samples a line's character cells into the small patches the glyph model classifies.
///
/// Mirrors `sample_cells` in scripts/lib/glyph_model.py, which samples the training renders:
/// the model is only as good as the two agreeing, so change both or neither.
enum GlyphPatch {
    static let columns = 16
    static let rows = 22
    static let size = columns * rows
    /// The patch spans this many pitches along the line and across it.
    static let widthPitches = 1.0
    static let heightPitches = 1.4

    /// The patches of every cell of `line`, one after another (`size` values each, ink near 1).
    static func sample(_ image: DecodedImage, line: TextLine) -> [Float] {
        var out = [Float](repeating: 0, count: line.count * size)
        let normal = line.direction.normal
        image.pixels.withUnsafeBufferPointer { grey in
            out.withUnsafeMutableBufferPointer { patches in
                for cell in 0..<line.count {
                    let centre = line.centre(of: cell)
                    let pitch = line.pitch(at: cell)
                    let (alongStep, acrossStep) = (widthPitches * pitch / Double(columns), heightPitches * pitch / Double(rows))
                    // Each sample averages k × k points when a sample spans more than a pixel (no aliasing).
                    let k = Int(min(3, max(1, max(alongStep, acrossStep).rounded(.up))))
                    let patch = UnsafeMutableBufferPointer(rebasing: patches[(cell * size)..<((cell + 1) * size)])
                    for row in 0..<rows {
                        let across = ((Double(row) + 0.5) / Double(rows) - 0.5) * heightPitches * pitch
                        for column in 0..<columns {
                            let along = ((Double(column) + 0.5) / Double(columns) - 0.5) * widthPitches * pitch
                            var total = 0.0
                            for i in 0..<k {
                                let a = along + ((Double(i) + 0.5) / Double(k) - 0.5) * alongStep
                                for j in 0..<k {
                                    let c = across + ((Double(j) + 0.5) / Double(k) - 0.5) * acrossStep
                                    let point = centre + line.direction * a + normal * c
                                    total += bilinear(grey, image.width, image.height, point)
                                }
                            }
                            patch[row * columns + column] = Float(total / Double(k * k))
                        }
                    }
                    normalise(patch)
                }
            }
        }
        return out
    }

    /// The share of the lines' cells washed out by a reflection: bright, with their ink gone
    /// (under 48 grey levels between the cell's darkest and brightest points, 8 × 8 of them
    /// spanning the patch). White paper around dark ink is not glare; ink lost in white is.
    static func washedOutShare(_ image: DecodedImage, lines: [TextLine]) -> Double {
        var (washed, total) = (0, 0)
        image.pixels.withUnsafeBufferPointer { grey in
            for line in lines {
                let normal = line.direction.normal
                for cell in 0..<line.count {
                    let centre = line.centre(of: cell)
                    let pitch = line.pitch(at: cell)
                    var (darkest, brightest) = (255.0, 0.0)
                    for i in 0..<8 {
                        for j in 0..<8 {
                            let along = ((Double(i) + 0.5) / 8 - 0.5) * widthPitches * pitch
                            let across = ((Double(j) + 0.5) / 8 - 0.5) * heightPitches * pitch
                            let value = bilinear(grey, image.width, image.height, centre + line.direction * along + normal * across)
                            darkest = min(darkest, value)
                            brightest = max(brightest, value)
                        }
                    }
                    if brightest >= 200 && brightest - darkest < 48 { washed += 1 }
                    total += 1
                }
            }
        }
        return total == 0 ? 0 : Double(washed) / Double(total)
    }

    /// The grey level at a point, pixel centres at half-integers, edges repeated outward.
    private static func bilinear(_ grey: UnsafeBufferPointer<UInt8>, _ width: Int, _ height: Int, _ point: Point) -> Double {
        let fx = point.x - 0.5
        let fy = point.y - 0.5
        let x0 = fx.rounded(.down)
        let y0 = fy.rounded(.down)
        let (tx, ty) = (fx - x0, fy - y0)
        let xi = Int(saturating: x0)
        let yi = Int(saturating: y0)
        let xa = min(max(xi, 0), width - 1)
        let xb = min(max(xi + 1, 0), width - 1)
        let ya = min(max(yi, 0), height - 1)
        let yb = min(max(yi + 1, 0), height - 1)
        let top = Double(grey[ya * width + xa]) * (1 - tx) + Double(grey[ya * width + xb]) * tx
        let bottom = Double(grey[yb * width + xa]) * (1 - tx) + Double(grey[yb * width + xb]) * tx
        return top * (1 - ty) + bottom * ty
    }

    /// The patch's 5th percentile is ink and its 95th paper: ink → 1, paper → 0. A patch with
    /// under 8 grey levels between the two holds nothing and becomes all paper.
    private static func normalise(_ patch: UnsafeMutableBufferPointer<Float>) {
        let ordered = patch.sorted()
        let ink = ordered[Int(Double(size) * 0.05)]
        let paper = ordered[Int(Double(size) * 0.95)]
        let span = paper - ink
        for index in patch.indices {
            patch[index] = span < 8 ? 0 : min(1, max(0, (paper - patch[index]) / span))
        }
    }
}
