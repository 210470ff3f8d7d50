/// A rectangle in an image's pixels.
public struct FaceBox: Sendable, Equatable, Codable {
    public var left: Int
    public var top: Int
    public var width: Int
    public var height: Int

    public init(left: Int, top: Int, width: Int, height: Int) {
        self.left = left
        self.top = top
        self.width = width
        self.height = height
    }

    /// The shorter side: how large the face is.
    public var side: Int { min(width, height) }
}

/// A point in an image's pixels.
public struct FacePoint: Sendable, Equatable, Codable {
    public var x: Double
    public var y: Double
}

/// The face a check is about: where it is, how well it can be seen, and its descriptor.
public struct DetectedFace: Sendable {
    /// Where the detector put the face, clipped to the image.
    public var box: FaceBox
    /// The detector's confidence (above 0 for every face reported).
    public var score: Double
    /// The eyes' outer and inner corners and the base of the nose.
    public var landmarks: [FacePoint]
    /// 128 numbers; two photos of one person lie close together (Euclidean distance).
    public var descriptor: [Float]
    /// How much fine detail the face shows: the variance of a Laplacian over the face scaled to
    /// a fixed size (a blurred or heavily compressed face scores low).
    public var sharpness: Double
    /// Whether the detector's box reached past the image's edge: part of the face is cut off.
    public var cropped: Bool
}

/// What one photo shows of faces.
public struct FaceAnalysis: Sendable {
    public var imageWidth: Int
    public var imageHeight: Int
    /// The largest face, described; nil when none was found.
    public var face: DetectedFace?
    /// Every face the detector found, the largest first (a small second face, such as the ghost
    /// portrait printed on many identity cards, counts here).
    public var boxes: [FaceBox]
    /// Faces at least half as large as the largest: more than one means several people.
    public var prominentFaces: Int
    /// Time spent finding faces, and describing the largest (landmarks, alignment, descriptor).
    public var detectionTime: Duration = .zero
    public var descriptionTime: Duration = .zero

    public init(imageWidth: Int, imageHeight: Int, face: DetectedFace?, boxes: [FaceBox], prominentFaces: Int) {
        self.imageWidth = imageWidth
        self.imageHeight = imageHeight
        self.face = face
        self.boxes = boxes
        self.prominentFaces = prominentFaces
    }

    /// A photo without any face.
    public static func none(width: Int, height: Int) -> FaceAnalysis {
        FaceAnalysis(imageWidth: width, imageHeight: height, face: nil, boxes: [], prominentFaces: 0)
    }
}
