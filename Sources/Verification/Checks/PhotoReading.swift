/// What a document photo's pixels measured. The decoding and measuring happen outside this
/// library (it reads no pixels); the checks compare the figures with the tenant's thresholds.
public enum PhotoReading: Sendable, Hashable {
    /// `sharpness`: variance of the Laplacian on a copy 1,000 pixels long; `glare`: the share
    /// (0–1) of the picture blown out by a reflection.
    case measured(sharpness: Double, glare: Double)
    /// The pixels could not be decoded.
    case undecodable
}
