import Testing
import Verification

/// JPEG inspection: dimensions, EXIF/XMP/Photoshop metadata, truncation and corruption.
@Suite struct FileInspectionTests {
    static let photoshop = "Adobe Photoshop 25.0"

    @Test(arguments: [FileSamples.TIFFOrder.intel, .motorola])
    func jpegWithExifSoftware(order: FileSamples.TIFFOrder) {
        let report = FileInspector.inspect(FileSamples.jpeg(width: 640, height: 480, software: Self.photoshop, order: order))
        #expect(report.fileType == .jpeg)
        #expect(report.width == 640)
        #expect(report.height == 480)
        #expect(report.pageCount == nil)
        #expect(!report.isTruncated)
        #expect(!report.isCorrupt)
        #expect(report.software == Self.photoshop)
        #expect(report.editingToolTraces == ["photoshop"])
        #expect(report.showsEditingTraces)
    }

    @Test func plainCameraJpegHasNoTraces() {
        let report = FileInspector.inspect(FileSamples.jpeg(width: 4032, height: 3024, software: "iOS 17.4"))
        #expect(report == FileReport(fileType: .jpeg, width: 4032, height: 3024, software: "iOS 17.4"))
        #expect(!report.showsEditingTraces)
    }

    @Test(arguments: [FileSamples.TIFFOrder.intel, .motorola])
    func shortSoftwareValueStoredInsideTheEntry(order: FileSamples.TIFFOrder) {
        let report = FileInspector.inspect(FileSamples.jpeg(software: "Pix", order: order))
        #expect(report.software == "Pix")
        #expect(report.editingToolTraces.isEmpty)
    }

    @Test func progressiveFrameGivesDimensions() {
        let report = FileInspector.inspect(FileSamples.jpeg(width: 1200, height: 1600, frameMarker: 0xC2))
        #expect(report.width == 1200)
        #expect(report.height == 1600)
        #expect(!report.isCorrupt)
    }

    @Test func xmpCreatorToolIsSoftwareWhenExifHasNone() {
        let report = FileInspector.inspect(FileSamples.jpeg(creatorTool: "GIMP 2.10"))
        #expect(report.software == "GIMP 2.10")
        #expect(report.editingToolTraces == ["gimp"])
    }

    @Test func exifSoftwareOutranksXmpCreatorTool() {
        let report = FileInspector.inspect(FileSamples.jpeg(software: "Snapseed 2.0", creatorTool: "Pixelmator Pro 3.5"))
        #expect(report.software == "Snapseed 2.0")
        #expect(report.editingToolTraces == ["pixelmator", "snapseed"])
    }

    @Test func xmpHistoryAgentsLeaveTracesAfterResave() {
        let agents = ["Adobe Photoshop Lightroom Classic 12.0 (Windows)", "Facetune2"]
        let report = FileInspector.inspect(FileSamples.jpeg(software: "iOS 17.4", softwareAgents: agents))
        #expect(report.software == "iOS 17.4")
        #expect(report.editingToolTraces == ["lightroom", "facetune"])
    }

    @Test func photoshopResourceBlockIsATrace() {
        let report = FileInspector.inspect(FileSamples.jpeg(photoshopResources: true))
        #expect(report.software == nil)
        #expect(report.editingToolTraces == ["photoshop"])
    }

    @Test func commentSegmentLeavesATrace() {
        let plain = FileSamples.jpeg()
        let bytes = [0xFF, 0xD8] + FileSamples.jpegSegment(0xFE, FileSamples.ascii("Created with GIMP")) + Array(plain.dropFirst(2))
        let report = FileInspector.inspect(bytes)
        #expect(report.software == nil)
        #expect(report.editingToolTraces == ["gimp"])
    }

    @Test func missingEndOfImageIsTruncated() {
        let report = FileInspector.inspect(FileSamples.jpeg(software: Self.photoshop, endMarker: false))
        #expect(report.isTruncated)
        #expect(!report.isCorrupt)
        #expect(report.width == 640)
        #expect(report.software == Self.photoshop)
    }

    @Test func fileCutInsideTheHeadersIsTruncatedAndCorrupt() {
        let full = FileSamples.jpeg(software: Self.photoshop)
        let report = FileInspector.inspect(Array(full.prefix(40)))
        #expect(report.fileType == .jpeg)
        #expect(report.isTruncated)
        #expect(report.isCorrupt)
        #expect(report.width == nil)
    }

    @Test func fileEndingBetweenSegmentsIsTruncated() {
        // SOI and the JFIF segment alone: well-formed so far, but no frame and no scan.
        let report = FileInspector.inspect([0xFF, 0xD8] + FileSamples.jpegSegment(0xE0, FileSamples.ascii("JFIF") + [0]))
        #expect(report.isTruncated)
        #expect(!report.isCorrupt)
    }

    @Test func badMarkerSequenceIsCorrupt() {
        var bytes = FileSamples.jpeg()
        // The byte after the JFIF segment should start the next marker.
        let next = 2 + 4 + 14
        #expect(bytes[next] == 0xFF)
        bytes[next] = 0x12
        let report = FileInspector.inspect(bytes)
        #expect(report.isCorrupt)
        #expect(!report.isTruncated)
        #expect(report.width == nil)
    }

    @Test func segmentLengthBelowTwoIsCorrupt() {
        let bytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01] + FileSamples.filler(20) + [0xFF, 0xD9]
        #expect(FileInspector.inspect(bytes).isCorrupt)
    }

    @Test func zeroDimensionsAreCorrupt() {
        let report = FileInspector.inspect(FileSamples.jpeg(width: 0, height: 480))
        #expect(report.isCorrupt)
        #expect(report.width == nil)
        #expect(report.height == nil)
    }

    @Test func scanWithoutFrameIsCorrupt() {
        let bytes: [UInt8] =
            [0xFF, 0xD8] + FileSamples.jpegSegment(0xDA, [1, 1, 0, 0, 0x3F, 0]) + FileSamples.filler(10) + [0xFF, 0xD9]
        let report = FileInspector.inspect(bytes)
        #expect(report.isCorrupt)
        #expect(!report.isTruncated)
    }

    @Test func endOfImageBeforeAnyScanIsCorrupt() {
        #expect(FileInspector.inspect([0xFF, 0xD8, 0xFF, 0xD9]).isCorrupt)
    }

    @Test func fillBytesBeforeAMarkerAreAllowed() {
        let plain = FileSamples.jpeg()
        let filled = Array(plain.prefix(2)) + [0xFF, 0xFF, 0xFF] + Array(plain.dropFirst(2))
        let report = FileInspector.inspect(filled)
        #expect(!report.isCorrupt)
        #expect(report.width == 640)
    }

    @Test func exifOffsetsPointingOutsideTheSegmentAreIgnored() {
        // A Software entry whose value offset points far past the segment.
        let tiff: [UInt8] =
            FileSamples.ascii("II") + [42, 0, 8, 0, 0, 0] + [1, 0] + [0x31, 0x01, 2, 0, 20, 0, 0, 0, 0xF0, 0xFF, 0, 0] + [0, 0, 0, 0]
        let bytes =
            [0xFF, 0xD8] + FileSamples.jpegSegment(0xE1, FileSamples.ascii("Exif") + [0, 0] + tiff)
            + Array(FileSamples.jpeg().dropFirst(2))
        let report = FileInspector.inspect(bytes)
        #expect(report.software == nil)
        #expect(report.width == 640)
        #expect(!report.isCorrupt)
    }

    @Test func unrecognisedBytesGiveAnEmptyReport() {
        #expect(FileInspector.inspect(FileSamples.ascii("GIF89a and more bytes")) == FileReport())
        #expect(FileInspector.inspect([]) == FileReport())
    }
}
