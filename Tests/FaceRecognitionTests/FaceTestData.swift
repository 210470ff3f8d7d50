import FaceRecognition
import Foundation
import ImageDecoding
import Testing

/// The models and photos the face tests use, which scripts/test installs (they come from PyPI,
/// never from the repository): `VOUCH_FACE_MODELS_DIR` holds dlib's model files and
/// `VOUCH_FACE_TEST_DATA` the labelled photos of the `face_recognition` source package and the
/// reference answers that package computed on them (`reference.json`).
enum FaceTestData {
    static let models: FaceModels = {
        do {
            return try FaceModels.load(directory: environment("VOUCH_FACE_MODELS_DIR"))
        } catch {
            fatalError("\(error)")
        }
    }()

    static let engine = FaceEngine(models: models, threads: 2)

    static func environment(_ name: String) -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            fatalError("\(name) is not set: run the tests with scripts/test, which installs the face models and photos")
        }
        return value
    }

    static var folder: URL { URL(fileURLWithPath: environment("VOUCH_FACE_TEST_DATA")) }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.appendingPathComponent("test-images").appendingPathComponent(name)))
    }

    static func image(_ name: String) throws -> DecodedImage {
        try ImageDecoder.decode(try bytes(name))
    }

    struct ReferenceAnswer: Decodable {
        var width: Int
        var height: Int
        var boxes: [[Int]]
        var encodings: [[Float]]
    }

    /// The seven labelled photos' answers (six of one person, one of another).
    static func reference() throws -> [String: ReferenceAnswer] {
        let answers = try JSONDecoder().decode(
            [String: ReferenceAnswer].self,
            from: Data(contentsOf: folder.appendingPathComponent("reference.json"))
        )
        try #require(answers.count == 7 && answers.values.allSatisfy { $0.encodings.count == 1 }, "the reference covers the seven photos")
        return answers
    }
}
