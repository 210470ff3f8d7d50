import FaceRecognition
import Foundation
import ImageDecoding
import Testing
import Verification

/// Vouch's face library against the `face_recognition` package over dlib's Python bindings, on
/// the same model files and photos (scripts/lib/face_reference.py wrote its answers).
@Suite struct FaceReferenceTests {
    /// The same box at full resolution: the same descriptor, to rounding (measured within 1e-6:
    /// the two builds of dlib and their BLAS libraries differ only there).
    @Test func descriptorsAgreeWithTheReferenceOnItsBoxes() async throws {
        for (name, answer) in try FaceTestData.reference() {
            guard let box = answer.boxes.first, let expected = answer.encodings.first else { continue }
            let image = try FaceTestData.image(name)
            let referenceBox = FaceBox(left: box[0], top: box[1], width: box[2] - box[0] + 1, height: box[3] - box[1] + 1)
            let face = try await FaceTestData.engine.describe(image, box: referenceBox)
            #expect(FaceComparison.distance(face.descriptor, expected) < 1e-4, "\(name)")
        }
    }

    /// Vouch's own path (detection on a smaller copy, a large face described from a smaller
    /// crop): boxes that overlap the reference's, descriptors well inside the match threshold.
    @Test func checksFindTheReferenceFaces() async throws {
        for (name, answer) in try FaceTestData.reference() {
            let analysis = try await FaceTestData.engine.analyze(try FaceTestData.image(name))
            #expect(analysis.boxes.count == answer.boxes.count, "\(name)")
            guard let box = answer.boxes.first, let expected = answer.encodings.first, let face = analysis.face else { continue }
            let referenceBox = FaceBox(left: box[0], top: box[1], width: box[2] - box[0] + 1, height: box[3] - box[1] + 1)
            #expect(Self.overlap(face.box, referenceBox) > 0.6, "\(name): \(face.box) against \(referenceBox)")
            #expect(FaceComparison.distance(face.descriptor, expected) < 0.15, "\(name)")
        }
    }

    /// Intersection over union.
    static func overlap(_ a: FaceBox, _ b: FaceBox) -> Double {
        let width = min(a.left + a.width, b.left + b.width) - max(a.left, b.left)
        let height = min(a.top + a.height, b.top + b.height) - max(a.top, b.top)
        guard width > 0, height > 0 else { return 0 }
        let shared = Double(width * height)
        return shared / (Double(a.width * a.height + b.width * b.height) - shared)
    }
}
