extension DecodedImage {
    /// A copy whose longer side is at most `side` pixels, each output pixel the average of the
    /// input pixels it covers; itself when it already fits. Detection and quality measures run on
    /// such a copy: their cost grows with the pixel count, their answer hardly does.
    public func fitting(side: Int) -> DecodedImage {
        let longer = max(width, height)
        guard side > 0, longer > side, width > 0, height > 0 else { return self }
        let w = max(1, width * side / longer)
        let h = max(1, height * side / longer)
        let n = channels.rawValue
        var out = [UInt8](repeating: 0, count: w * h * n)
        pixels.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                for y in 0..<h {
                    let y0 = y * height / h
                    let y1 = max(y0 + 1, (y + 1) * height / h)
                    for x in 0..<w {
                        let x0 = x * width / w
                        let x1 = max(x0 + 1, (x + 1) * width / w)
                        let area = (y1 - y0) * (x1 - x0)
                        for c in 0..<n {
                            // Wrapping sums: at most 255 × the pixels of one output pixel.
                            var sum = 0
                            for sy in y0..<y1 {
                                var at = (sy * width + x0) * n + c
                                for _ in x0..<x1 {
                                    sum = sum &+ Int(source[at])
                                    at = at &+ n
                                }
                            }
                            target[(y * w + x) * n + c] = UInt8(truncatingIfNeeded: sum / area)
                        }
                    }
                }
            }
        }
        return DecodedImage(width: w, height: h, channels: channels, pixels: out)
    }
}
