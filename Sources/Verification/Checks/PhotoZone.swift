/// What the MRZ reader made of an identity document's photo. The reading happens outside this
/// library (it reads no pixels); the checks decide what it means for the document.
public enum PhotoZone: Sendable, Hashable {
    /// A zone the reader trusts (check digits hold, every other character read surely).
    /// `confidences`: per field name of `MRZReadingPlan.fields`, the probability of its least
    /// sure character; `pitch`: the character pitch in the photo's pixels.
    case read(text: String, confidences: [String: Double], pitch: Double)
    /// Lines laid out as a zone that did not read to one to trust.
    case unreadable(pitch: Double)
    /// No zone in the photo; `cropped` when lines of zone-like text run off its edge.
    case notFound(cropped: Bool)

    /// Characters closer than this many pixels apart are too small to read reliably.
    public static let minimumPitch = 7.0
}
