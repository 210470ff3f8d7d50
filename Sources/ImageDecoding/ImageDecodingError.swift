/// Why an image could not be decoded, with a stable code and a short reason for people.
public struct ImageDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// Not a JPEG, PNG, WebP or HEIC file.
        case formatUnknown = "image_format_unknown"
        /// The stated dimensions exceed the limits (checked before any pixel is decoded).
        case tooLarge = "image_too_large"
        /// The data is not a valid image of its format.
        case corrupt = "image_corrupt"
        /// The data ends before the image does.
        case truncated = "image_truncated"
        /// A valid image of a kind this build does not decode (animation, a codec, a colour model).
        case unsupported = "image_unsupported"
    }

    public var code: Code
    public var reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code.rawValue): \(reason)" }
}
