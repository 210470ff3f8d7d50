/// What the bytes of an uploaded document say about themselves, read without decoding any pixels.
///
/// The flags describe the container, not the picture: a file can be neither truncated nor corrupt
/// and still show a forged document. Where a format has no overall length (JPEG headers, PNG, HEIF),
/// a segment that runs past the end of the file sets both flags: the walk cannot go on, and a cut
/// file cannot be told from a wrong length. A WebP states its length, so there a short file is only
/// truncated.
public struct FileReport: Sendable, Hashable {
    /// The recognised format, or nil when the bytes match none of the accepted ones.
    public var fileType: FileType?
    /// Image width in pixels, only when the header gives a usable (non-zero) value.
    public var width: Int?
    /// Image height in pixels, only when the header gives a usable (non-zero) value.
    public var height: Int?
    /// Number of page objects found in a PDF; nil for images, and nil (unknown, not zero) for a PDF
    /// whose page objects are all inside compressed object streams and that is not linearized.
    public var pageCount: Int?
    /// The file ends before its format says it should: a JPEG without EOI, a PNG without IEND,
    /// a WebP shorter than its RIFF size, a PDF without `%%EOF` near the end, a HEIF box cut short.
    public var isTruncated: Bool
    /// The structure cannot be walked: bad marker sequence, impossible lengths, invalid header
    /// fields, zero dimensions.
    public var isCorrupt: Bool
    /// The program that last wrote the file, as the file itself claims (EXIF `Software`, PNG text
    /// `Software`, XMP `CreatorTool`, PDF `/Producer` or `/Creator`).
    public var software: String?
    /// Normalised names of image editors the metadata mentions (for example `photoshop`, `gimp`),
    /// in a fixed order so equal files give equal reports.
    public var editingToolTraces: [String]

    /// A report; every finding defaults to "nothing seen".
    public init(
        fileType: FileType? = nil,
        width: Int? = nil,
        height: Int? = nil,
        pageCount: Int? = nil,
        isTruncated: Bool = false,
        isCorrupt: Bool = false,
        software: String? = nil,
        editingToolTraces: [String] = []
    ) {
        self.fileType = fileType
        self.width = width
        self.height = height
        self.pageCount = pageCount
        self.isTruncated = isTruncated
        self.isCorrupt = isCorrupt
        self.software = software
        self.editingToolTraces = editingToolTraces
    }

    /// Whether any known image editor left its name in the file.
    public var showsEditingTraces: Bool { !editingToolTraces.isEmpty }

    /// Records dimensions only when both are usable, and marks the file corrupt otherwise:
    /// a zero side is never a real document image.
    mutating func recordDimensions(width: Int, height: Int) {
        guard width > 0, height > 0 else {
            isCorrupt = true
            return
        }
        self.width = width
        self.height = height
    }

    /// Copies what the metadata said about the writing software into the report.
    mutating func record(_ evidence: SoftwareEvidence) {
        software = evidence.software
        editingToolTraces = evidence.traces
    }
}
