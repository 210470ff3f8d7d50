import CFaceDlib
import Foundation

/// dlib's trained models, as the PyPI package `face-recognition-models` ships them, loaded once
/// per process. Each inference thread works on a copy of its own (dlib's detector and networks
/// keep scratch state while they run).
public final class FaceModels: @unchecked Sendable {
    /// The landmark model's file name.
    public static let landmarksFile = "shape_predictor_5_face_landmarks.dat"
    /// The descriptor network's file name.
    public static let descriptorFile = "dlib_face_recognition_resnet_model_v1.dat"

    /// Why the models could not be loaded: said at start-up, before any request is taken.
    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    let handle: OpaquePointer

    private init(handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        vf_models_free(handle)
    }

    /// Loads the two models from `directory`. Missing, empty or truncated files are a
    /// `LoadError` that names the file, never a crash.
    public static func load(directory: String) throws(LoadError) -> FaceModels {
        let landmarks = (directory as NSString).appendingPathComponent(landmarksFile)
        let descriptor = (directory as NSString).appendingPathComponent(descriptorFile)
        for path in [landmarks, descriptor] where !FileManager.default.isReadableFile(atPath: path) {
            throw LoadError(description: "face model \(path) is missing or unreadable (VOUCH_FACE_MODELS_DIR)")
        }
        var error = [CChar](repeating: 0, count: 512)
        guard let handle = vf_models_load(landmarks, descriptor, &error, error.count) else {
            throw LoadError(description: "face models in \(directory) could not be loaded: \(Self.message(error))")
        }
        return FaceModels(handle: handle)
    }

    /// A copy for one thread of its own.
    func copy() throws(LoadError) -> FaceModels {
        var error = [CChar](repeating: 0, count: 512)
        guard let copied = vf_models_copy(handle, &error, error.count) else {
            throw LoadError(description: "face models could not be copied: \(Self.message(error))")
        }
        return FaceModels(handle: copied)
    }

    static func message(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
