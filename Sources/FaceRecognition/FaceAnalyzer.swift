import CFaceDlib
import ImageDecoding

/// Finds and describes faces with one thread's copy of the models. Synchronous and costly
/// (tens of milliseconds): called on a `FaceEngine` thread, never on a cooperative one.
/// `@unchecked Sendable`: each analyzer is handed to one thread at its start and used only there.
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

    func analyze(_ image: DecodedImage) throws -> FaceAnalysis {
        let small = image.fitting(side: Self.detectionSide)
        let scale = Double(image.width) / Double(max(1, small.width))
        // Upsampled only when nothing was found: finds faces down to ~40 pixels of the copy.
        var found = try detect(small, upsample: 0)
        if found.isEmpty { found = try detect(small, upsample: 1) }
        let boxes = found.map { Self.scaled($0, by: scale) }
        guard let largest = boxes.indices.max(by: { Self.side(boxes[$0]) < Self.side(boxes[$1]) }) else {
            return FaceAnalysis(imageWidth: image.width, imageHeight: image.height, face: nil, boxes: [], prominentFaces: 0)
        }
        let main = boxes[largest]
        let prominent = boxes.filter { Self.side($0) * 2 >= Self.side(main) }.count
        let face = try describe(main, in: image)
        let clipped = boxes.sorted { Self.side($0) > Self.side($1) }.map { Self.clip($0, image) }
        return FaceAnalysis(imageWidth: image.width, imageHeight: image.height, face: face, boxes: clipped, prominentFaces: prominent)
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

    /// Describes the face from a crop of the full image around it, shrunk when the face is
    /// larger than the descriptor needs: the same detail for a fraction of the pixels.
    func describe(_ box: vf_box, in image: DecodedImage, shrinking: Bool = true) throws -> DetectedFace {
        let width = Int(box.right - box.left + 1)
        let height = Int(box.bottom - box.top + 1)
        let margin = max(width, height)
        let originX = max(0, Int(box.left) - margin)
        let originY = max(0, Int(box.top) - margin)
        let region = image.cropped(
            x: Int(box.left) - margin,
            y: Int(box.top) - margin,
            width: width + 2 * margin,
            height: height + 2 * margin
        )
        var crop = region
        var shrink = 1.0
        if shrinking, max(width, height) > Self.descriptionFaceSide {
            let target = Double(max(region.width, region.height)) * Double(Self.descriptionFaceSide) / Double(max(width, height))
            crop = region.fitting(side: max(1, Int(target.rounded())))
            shrink = Double(region.width) / Double(max(1, crop.width))
        }
        let local = vf_box(
            left: Int(Double(Int(box.left) - originX) / shrink),
            top: Int(Double(Int(box.top) - originY) / shrink),
            right: Int(Double(Int(box.right) - originX) / shrink),
            bottom: Int(Double(Int(box.bottom) - originY) / shrink),
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
        let points = stride(from: 0, to: 10, by: 2).map {
            FacePoint(x: landmarks[$0] * shrink + Double(originX), y: landmarks[$0 + 1] * shrink + Double(originY))
        }
        let clipped = Self.clip(box, image)
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

    static func scaled(_ box: vf_box, by scale: Double) -> vf_box {
        guard scale != 1 else { return box }
        return vf_box(
            left: Int((Double(box.left) * scale).rounded()),
            top: Int((Double(box.top) * scale).rounded()),
            right: Int((Double(box.right + 1) * scale).rounded()) - 1,
            bottom: Int((Double(box.bottom + 1) * scale).rounded()) - 1,
            score: box.score
        )
    }

    static func clip(_ box: vf_box, _ image: DecodedImage) -> FaceBox {
        let left = max(0, Int(box.left))
        let top = max(0, Int(box.top))
        let right = min(image.width - 1, Int(box.right))
        let bottom = min(image.height - 1, Int(box.bottom))
        return FaceBox(left: left, top: top, width: max(0, right - left + 1), height: max(0, bottom - top + 1))
    }
}
