import Base
import CFaceDlib
import ImageDecoding

/// Finds and describes faces with one thread's copy of the models. Synchronous and costly
/// (tens of milliseconds): called on a `FaceEngine` thread, never on a cooperative one.
///
/// `@unchecked Sendable`: each analyzer is used on its engine thread only.
final class FaceAnalyzer: @unchecked Sendable {
    /// The detector works on a copy whose longer side is at most this: its cost grows with the
    /// pixels, and faces in selfies and on documents are large enough at this size.
    static let detectionSide = 640
    /// The face's region is described at most this large (the descriptor sees 150 pixels).
    static let descriptionFaceSide = 300
    /// Faces a photo may show before the rest are not listed.
    static let maximumFaces = 8

    let models: FaceModels

    init(models: FaceModels) {
        self.models = models
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// How one image's pixels map onto another's, per axis (fitting rounds each side apart).
    struct Scale {
        var x: Double
        var y: Double

        init(from small: DecodedImage, to large: DecodedImage) {
            x = Double(large.width) / Double(max(1, small.width))
            y = Double(large.height) / Double(max(1, small.height))
        }

        /// A box of the small image in the large one's pixels (right and bottom inclusive).
        func box(_ box: vf_box) -> vf_box {
            vf_box(
                left: Int(saturating: (Double(box.left) * x).rounded(.down)),
                top: Int(saturating: (Double(box.top) * y).rounded(.down)),
                right: Int(saturating: (Double(box.right + 1) * x).rounded(.up)) - 1,
                bottom: Int(saturating: (Double(box.bottom + 1) * y).rounded(.up)) - 1,
                score: box.score
            )
        }

        /// A point of the small image (pixel centres) in the large one's pixels.
        func point(x px: Double, y py: Double) -> (Double, Double) { ((px + 0.5) * x - 0.5, (py + 0.5) * y - 0.5) }
    }

    func analyze(_ image: DecodedImage) throws -> FaceAnalysis {
        guard image.width > 0, image.height > 0 else { return .none(width: image.width, height: image.height) }
        let clock = ContinuousClock()
        let started = clock.now
        let small = image.fitting(side: Self.detectionSide)
        // Upsampled only when nothing was found: finds faces down to ~40 pixels of the copy.
        var found = try detect(small, upsample: 0)
        if found.isEmpty { found = try detect(small, upsample: 1) }
        let boxes = found.map(Scale(from: small, to: image).box)
        let detected = clock.now
        guard let main = boxes.max(by: { Self.side($0) < Self.side($1) }) else {
            var none = FaceAnalysis.none(width: image.width, height: image.height)
            none.detectionTime = detected - started
            return none
        }
        let prominent = boxes.filter { Self.side($0) * 2 >= Self.side(main) }.count
        let face = try describe(main, in: image)
        let listed = boxes.sorted { Self.side($0) > Self.side($1) }.map { Self.clip($0, image) }
        var analysis = FaceAnalysis(
            imageWidth: image.width,
            imageHeight: image.height,
            face: face,
            boxes: listed,
            prominentFaces: prominent
        )
        analysis.detectionTime = detected - started
        analysis.descriptionTime = clock.now - detected
        return analysis
    }

    private func detect(_ image: DecodedImage, upsample: Int32) throws -> [vf_box] {
        var boxes = [vf_box](repeating: vf_box(), count: Self.maximumFaces)
        var error = [CChar](repeating: 0, count: 256)
        let count = image.pixels.withUnsafeBufferPointer { pixels in
            vf_detect(
                models.handle,
                pixels.baseAddress,
                Int32(image.width),
                Int32(image.height),
                Int32(image.channels.rawValue),
                upsample,
                &boxes,
                Int32(boxes.count),
                &error,
                error.count
            )
        }
        guard count >= 0 else { throw Failure(description: FaceModels.message(error)) }
        return Array(boxes.prefix(Int(min(count, Int32(boxes.count)))))
    }

    /// Describes the face in `box` (the image's pixels, inclusive corners) from a crop of the
    /// image around it, shrunk when the face is larger than the descriptor needs: the same
    /// detail for a fraction of the pixels. `shrinking: false` describes it at full resolution.
    func describe(_ box: vf_box, in image: DecodedImage, shrinking: Bool = true) throws -> DetectedFace {
        let clipped = Self.clip(box, image)
        guard clipped.width >= 8, clipped.height >= 8 else {
            throw Failure(description: "a face box must overlap the image by at least 8 pixels a side")
        }
        let width = Int(box.right - box.left) + 1
        let height = Int(box.bottom - box.top) + 1
        let margin = max(width, height)
        let originX = max(0, Int(box.left) - margin)
        let originY = max(0, Int(box.top) - margin)
        let region = image.cropped(x: originX, y: originY, width: width + 2 * margin, height: height + 2 * margin)
        var crop = region
        if shrinking, max(width, height) > Self.descriptionFaceSide {
            let target = Double(max(region.width, region.height)) * Double(Self.descriptionFaceSide) / Double(max(width, height))
            crop = region.fitting(side: max(1, Int(target.rounded())))
        }
        // From the crop's pixels to the image's, and back for the box.
        let scale = Scale(from: crop, to: region)
        let local = vf_box(
            left: Int(saturating: (Double(Int(box.left) - originX) / scale.x).rounded(.down)),
            top: Int(saturating: (Double(Int(box.top) - originY) / scale.y).rounded(.down)),
            right: Int(saturating: (Double(Int(box.right) - originX + 1) / scale.x).rounded(.up)) - 1,
            bottom: Int(saturating: (Double(Int(box.bottom) - originY + 1) / scale.y).rounded(.up)) - 1,
            score: box.score
        )
        var landmarks = [Double](repeating: 0, count: 10)
        var descriptor = [Float](repeating: 0, count: 128)
        var error = [CChar](repeating: 0, count: 256)
        let status = crop.pixels.withUnsafeBufferPointer { pixels in
            vf_describe(
                models.handle,
                pixels.baseAddress,
                Int32(crop.width),
                Int32(crop.height),
                Int32(crop.channels.rawValue),
                local,
                &landmarks,
                &descriptor,
                &error,
                error.count
            )
        }
        guard status == 0 else { throw Failure(description: FaceModels.message(error)) }
        let points = stride(from: 0, to: 10, by: 2).map { index in
            let (x, y) = scale.point(x: landmarks[index], y: landmarks[index + 1])
            return FacePoint(x: x + Double(originX), y: y + Double(originY))
        }
        return DetectedFace(
            box: clipped,
            score: box.score,
            landmarks: points,
            descriptor: descriptor,
            sharpness: FaceSharpness.measure(image, in: clipped),
            cropped: box.left < 0 || box.top < 0 || Int(box.right) >= image.width || Int(box.bottom) >= image.height
        )
    }

    static func side(_ box: vf_box) -> Int { Int(min(box.right - box.left, box.bottom - box.top)) + 1 }

    static func clip(_ box: vf_box, _ image: DecodedImage) -> FaceBox {
        let left = max(0, Int(box.left))
        let top = max(0, Int(box.top))
        let right = min(image.width - 1, Int(box.right))
        let bottom = min(image.height - 1, Int(box.bottom))
        return FaceBox(left: left, top: top, width: max(0, right - left + 1), height: max(0, bottom - top + 1))
    }
}
