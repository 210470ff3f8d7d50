/// What one photo showed of faces, as the face check needs it: no pixels, no storage.
public struct FaceObservation: Sendable, Hashable {
    /// Faces at least half as large as the largest (several means several people).
    public var prominentFaces: Int
    /// The largest face's shorter side in pixels (0 when none).
    public var side: Int
    /// The largest face's sharpness (variance of a Laplacian over the face at a fixed size).
    public var sharpness: Double
    /// Whether the largest face runs past the photo's edge.
    public var cropped: Bool
    /// The largest face's descriptor (empty when none).
    public var descriptor: [Float]

    public init(prominentFaces: Int, side: Int, sharpness: Double, cropped: Bool, descriptor: [Float]) {
        self.prominentFaces = prominentFaces
        self.side = side
        self.sharpness = sharpness
        self.cropped = cropped
        self.descriptor = descriptor
    }

    /// A photo in which no face was found.
    public static let noFace = FaceObservation(prominentFaces: 0, side: 0, sharpness: 0, cropped: false, descriptor: [])
}

/// The face check's answer: one person or not, or why the photos cannot tell.
public enum FaceVerdict: Sendable, Hashable {
    case match(distance: Double)
    case noMatch(distance: Double)
    /// A photo to take again: `no_face`, `multiple_faces`, `face_too_small`, `face_blurry`,
    /// `face_cropped`; `photo` is `selfie` or `portrait`.
    case retake(reason: String, photo: String)

    /// `match`, `no_match` or `retake`: the check's status and the rules' `face.status`.
    public var status: String {
        switch self {
        case .match: "match"
        case .noMatch: "no_match"
        case .retake: "retake"
        }
    }
}

/// Holds a selfie's face against the portrait on the identity document.
///
/// Each photo must show one usable face first (a retake reason otherwise, selfie first); then
/// the descriptors' Euclidean distance decides. dlib's model puts photos of one person within 0.6
/// of each other (99.38% on the LFW benchmark at that threshold), which the rules may tighten.
public enum FaceComparison {
    /// Faces smaller than this (shorter side, in pixels) carry too little detail to compare.
    public static let minimumSide = 60
    /// Sharpness below this is blur (measured on the labelled test photos: sharp faces 300–1030;
    /// the same under a 7-pixel box blur 15–58, a 9-pixel one 9–35).
    public static let minimumSharpness = 25.0
    /// The distance at or under which two faces are held to be one person's, by default.
    public static let defaultMaximumDistance = 0.6

    public static func judge(selfie: FaceObservation, portrait: FaceObservation, maximumDistance: Double) -> FaceVerdict {
        if let reason = retakeReason(selfie) { return .retake(reason: reason, photo: "selfie") }
        if let reason = retakeReason(portrait) { return .retake(reason: reason, photo: "portrait") }
        let distance = distance(selfie.descriptor, portrait.descriptor)
        return distance <= maximumDistance ? .match(distance: distance) : .noMatch(distance: distance)
    }

    /// Why a photo's face cannot be compared, or nil. A document may show a second, smaller
    /// ghost portrait, which `prominentFaces` leaves out; two faces of like size are two people.
    public static func retakeReason(_ face: FaceObservation) -> String? {
        if face.prominentFaces == 0 || face.descriptor.isEmpty { return "no_face" }
        if face.prominentFaces > 1 { return "multiple_faces" }
        if face.side < minimumSide { return "face_too_small" }
        if face.cropped { return "face_cropped" }
        if !(face.sharpness >= minimumSharpness) { return "face_blurry" }
        return nil
    }

    /// Euclidean distance; infinite for descriptors of different lengths.
    public static func distance(_ a: [Float], _ b: [Float]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return .infinity }
        var sum = 0.0
        for i in a.indices {
            let d = Double(a[i]) - Double(b[i])
            sum += d * d
        }
        return sum.squareRoot()
    }
}
