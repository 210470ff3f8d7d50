import FaceRecognition
import Foundation
import ImageDecoding
import Testing
import Verification

/// One selfie as phones and light vary it (scripts/lib/face_fixtures.py), and photos no check
/// may pass: each either matches its holder or gives a clear reason, never a crash.
@Suite struct FaceVariationTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: FaceTestData.folder.appendingPathComponent("fixtures").appendingPathComponent(name)))
    }

    @Test(arguments: ["varied-rotated.jpg", "varied-dark.jpg", "varied-bright.jpg", "varied-quality15.jpg", "varied-cmyk.jpg"])
    func theHolderStillMatches(name: String) async throws {
        let holder = try #require(try await FaceTestData.engine.analyze(try FaceTestData.image("obama.jpg")).face)
        let varied = try ImageDecoder.decode(try Self.fixture(name))
        let face = try #require(try await FaceTestData.engine.analyze(varied).face, "a face in \(name)")
        #expect(FaceComparison.distance(holder.descriptor, face.descriptor) < FaceComparison.defaultMaximumDistance, "\(name)")
    }

    @Test func threePeopleAreMultipleFaces() async throws {
        let analysis = try await FaceTestData.engine.analyze(try ImageDecoder.decode(try Self.fixture("three-faces.jpg")))
        #expect(analysis.prominentFaces == 3)
        let face = try #require(analysis.face)
        let observation = FaceObservation(
            prominentFaces: analysis.prominentFaces,
            side: face.box.side,
            sharpness: face.sharpness,
            cropped: face.cropped,
            descriptor: face.descriptor
        )
        #expect(FaceComparison.retakeReason(observation) == "multiple_faces")
    }

    /// A photo cut off halfway through its data: a clear decoding error, or the half that
    /// arrived — never a crash.
    @Test func aPhotoCutOffIsAnErrorOrHalfAPhoto() async throws {
        do {
            let image = try ImageDecoder.decode(try Self.fixture("varied-cut.jpg"))
            _ = try await FaceTestData.engine.analyze(image)
        } catch let error as ImageDecodingError {
            #expect(!"\(error)".isEmpty)
        }
    }
}
