import Testing
import Verification

/// PNG, WebP and HEIF inspection.
@Suite struct FileInspectionImageFormatTests {
    // MARK: PNG

    @Test func pngWithSoftwareText() {
        let report = FileInspector.inspect(FileSamples.png(width: 800, height: 600, software: "GIMP 2.10.34"))
        #expect(report == FileReport(fileType: .png, width: 800, height: 600, software: "GIMP 2.10.34", editingToolTraces: ["gimp"]))
    }

    @Test func pngSoftwareTextIsLatin1() {
        let report = FileInspector.inspect(FileSamples.png(software: "Caf\u{E9} Editor"))
        #expect(report.software == "Caf\u{E9} Editor")
    }

    @Test func pngWithoutEndChunkIsTruncated() {
        let report = FileInspector.inspect(FileSamples.png(endChunk: false))
        #expect(report.isTruncated)
        #expect(!report.isCorrupt)
        #expect(report.width == 640)
    }

    @Test func pngChunkRunningPastTheEndIsCorruptAndTruncated() {
        let full = FileSamples.png(software: "paint.net 5.0")
        let report = FileInspector.inspect(Array(full.dropLast(20)))
        #expect(report.isCorrupt)
        #expect(report.isTruncated)
        #expect(report.software == "paint.net 5.0")
    }

    @Test func pngChunkLengthAboveTheLimitIsCorrupt() {
        var bytes = FileSamples.png()
        let firstDataChunk = 8 + 25
        bytes.replaceSubrange(firstDataChunk..<firstDataChunk + 4, with: [0x80, 0, 0, 0])
        #expect(FileInspector.inspect(bytes).isCorrupt)
    }

    @Test func pngZeroWidthIsCorrupt() {
        let report = FileInspector.inspect(FileSamples.png(width: 0, height: 10))
        #expect(report.isCorrupt)
        #expect(report.width == nil)
    }

    @Test func pngImpossibleBitDepthIsCorrupt() {
        let bytes =
            FileSamples.pngSignature + FileSamples.pngHeader(width: 10, height: 10, bitDepth: 3, colourType: 2)
            + FileSamples.pngChunk("IEND", [])
        let report = FileInspector.inspect(bytes)
        #expect(report.isCorrupt)
        #expect(report.width == 10)
    }

    @Test func pngInternationalTextAndXmp() {
        let software = FileSamples.ascii("Software") + [0, 0, 0] + FileSamples.ascii("en") + [0, 0] + FileSamples.ascii("Pixelmator Pro")
        let xmp = FileSamples.ascii("XML:com.adobe.xmp") + [0, 0, 0, 0, 0] + FileSamples.xmpPacket(creatorTool: "Canva")
        let bytes =
            FileSamples.pngSignature + FileSamples.pngHeader(width: 2, height: 3) + FileSamples.pngChunk("iTXt", xmp)
            + FileSamples.pngChunk("iTXt", software) + FileSamples.pngChunk("IEND", [])
        let report = FileInspector.inspect(bytes)
        #expect(report.software == "Pixelmator Pro")
        #expect(report.editingToolTraces == ["pixelmator", "canva"])
    }

    @Test func pngCommentLeavesATraceButIsNotSoftware() {
        let bytes =
            FileSamples.pngSignature + FileSamples.pngHeader(width: 2, height: 3)
            + FileSamples.pngChunk("tEXt", FileSamples.ascii("Comment") + [0] + FileSamples.ascii("Created with GIMP"))
            + FileSamples.pngChunk("IEND", [])
        let report = FileInspector.inspect(bytes)
        #expect(report.software == nil)
        #expect(report.editingToolTraces == ["gimp"])
    }

    @Test func pngExifChunk() {
        let bytes =
            FileSamples.pngSignature + FileSamples.pngHeader(width: 2, height: 3)
            + FileSamples.pngChunk("eXIf", FileSamples.tiff(software: "Affinity Photo 2", order: .motorola))
            + FileSamples.pngChunk("IEND", [])
        #expect(FileInspector.inspect(bytes).editingToolTraces == ["affinity"])
    }

    // MARK: WebP

    @Test func webpLossyDimensions() {
        let report = FileInspector.inspect(FileSamples.webpLossy(width: 1024, height: 768))
        #expect(report == FileReport(fileType: .webp, width: 1024, height: 768))
    }

    @Test func webpLosslessDimensions() {
        let report = FileInspector.inspect(FileSamples.webpLossless(width: 16383, height: 1))
        #expect(report == FileReport(fileType: .webp, width: 16383, height: 1))
    }

    @Test(arguments: [false, true])
    func webpExtendedWithExif(exifPrefix: Bool) {
        let report = FileInspector.inspect(FileSamples.webpExtended(width: 20000, height: 300, software: "PicsArt", exifPrefix: exifPrefix))
        #expect(report == FileReport(fileType: .webp, width: 20000, height: 300, software: "PicsArt", editingToolTraces: ["picsart"]))
    }

    @Test func webpShorterThanItsRiffSizeIsTruncated() {
        let full = FileSamples.webpExtended(software: "PicsArt")
        let report = FileInspector.inspect(Array(full.dropLast(10)))
        #expect(report.isTruncated)
        #expect(!report.isCorrupt)
        #expect(report.width == 640)
    }

    @Test func webpBadStartCodeIsCorrupt() {
        var bytes = FileSamples.webpLossy()
        bytes[20 + 3] = 0x00
        let report = FileInspector.inspect(bytes)
        #expect(report.isCorrupt)
        #expect(report.width == nil)
    }

    @Test func webpBadLosslessSignatureIsCorrupt() {
        var bytes = FileSamples.webpLossless()
        bytes[20] = 0x2E
        #expect(FileInspector.inspect(bytes).isCorrupt)
    }

    @Test func webpChunkPastTheRiffEndIsCorrupt() {
        let chunk = FileSamples.riffChunk("VP8 ", FileSamples.vp8Frame(width: 10, height: 10))
        let report = FileInspector.inspect(FileSamples.webp(chunks: chunk, declaredSize: 4 + chunk.count - 8))
        #expect(report.isCorrupt)
        #expect(!report.isTruncated)
    }

    // MARK: HEIF

    @Test func heicSizeFollowsThePrimaryItem() {
        let report = FileInspector.inspect(FileSamples.heic(width: 4032, height: 3024))
        #expect(report == FileReport(fileType: .heic, width: 4032, height: 3024))
    }

    @Test func heicWithoutAssociationsTakesTheLargestExtents() {
        let report = FileInspector.inspect(FileSamples.heic(associations: false))
        #expect(report.width == 8000)
        #expect(report.height == 8000)
    }

    @Test func heicCutShortIsTruncated() {
        let report = FileInspector.inspect(Array(FileSamples.heic().dropLast(5)))
        #expect(report.isTruncated)
        #expect(report.width == 4032)
    }

    @Test func heicWithoutMetaHasNoSize() {
        let ftyp = FileSamples.isoBox("ftyp", FileSamples.ascii("heic") + [0, 0, 0, 0] + FileSamples.ascii("mif1"))
        let report = FileInspector.inspect(ftyp + FileSamples.isoBox("mdat", FileSamples.filler(10)))
        #expect(report == FileReport(fileType: .heic))
    }

    @Test func heicBoxSmallerThanItsHeaderIsCorrupt() {
        let ftyp = FileSamples.isoBox("ftyp", FileSamples.ascii("heic") + [0, 0, 0, 0] + FileSamples.ascii("mif1"))
        let report = FileInspector.inspect(ftyp + [0, 0, 0, 4] + FileSamples.ascii("meta"))
        #expect(report.isCorrupt)
    }
}
