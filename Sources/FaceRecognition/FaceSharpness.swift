import ImageDecoding

/// How much fine detail a face shows, comparable between photos of any size.
enum FaceSharpness {
    /// The face is averaged down to this many pixels a side before measuring: detail finer than
    /// a face this size does not count, so a large face is not sharper for being large.
    static let side = 96

    /// The variance of the 4-neighbour Laplacian over the middle of the face's box (eyes, nose,
    /// mouth), in grey: the box's edges hold hair and background, sharp whatever the face is.
    static func measure(_ image: DecodedImage, in box: FaceBox) -> Double {
        let inset = (x: box.width / 5, y: box.height / 5)
        let (width, height) = (box.width - 2 * inset.x, box.height - 2 * inset.y)
        guard width >= 3, height >= 3 else { return 0 }
        let face = image.cropped(x: box.left + inset.x, y: box.top + inset.y, width: width, height: height).grey()
        let small = face.fitting(side: side)
        let w = small.width
        let h = small.height
        guard w >= 3, h >= 3 else { return 0 }
        var sum = 0.0
        var squares = 0.0
        var count = 0.0
        small.pixels.withUnsafeBufferPointer { p in
            for y in 1..<(h - 1) {
                for x in 1..<(w - 1) {
                    let at = y * w + x
                    let value = 4 * Double(p[at]) - Double(p[at - 1]) - Double(p[at + 1]) - Double(p[at - w]) - Double(p[at + w])
                    sum += value
                    squares += value * value
                    count += 1
                }
            }
        }
        let mean = sum / count
        return squares / count - mean * mean
    }
}
