import Testing
import Verification

/// PDF inspection: page objects, producer strings, the end-of-file marker.
@Suite struct FileInspectionPDFTests {
    @Test func threePagesWithProducer() {
        let report = FileInspector.inspect(FileSamples.pdf(pages: 3, producer: "Skia/PDF m120"))
        #expect(report == FileReport(fileType: .pdf, pageCount: 3, software: "Skia/PDF m120"))
    }

    @Test func compactTypeNamesAreCounted() {
        let report = FileInspector.inspect(FileSamples.pdf(pages: 5, compactNames: true))
        #expect(report.pageCount == 5)
    }

    @Test func pageTreeNodesAreNotPages() {
        let objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>", "<< /Type/Pages >>", "<< >>"]
        #expect(FileInspector.inspect(FileSamples.pdfFile(objects: objects)).pageCount == nil)
    }

    @Test func linearizedFileWithCompressedPagesUsesItsStatedCount() {
        let objects = [
            "<< /Linearized 1 /L 4096 /H [ 512 128 ] /O 3 /E 2048 /N 7 /T 3900 >>",
            "<< /Type /ObjStm /N 12 /First 80 /Filter /FlateDecode /Length 4 >>\nstream\nxxxx\nendstream",
            "<< /Producer (Acme) >>",
        ]
        #expect(FileInspector.inspect(FileSamples.pdfFile(objects: objects)).pageCount == 7)
    }

    @Test func compressedPagesWithoutLinearizationAreUnknown() {
        let objects = ["<< /Type /ObjStm /N 12 /First 80 /Length 4 >>\nstream\nxxxx\nendstream", "<< /Producer (Acme) >>"]
        #expect(FileInspector.inspect(FileSamples.pdfFile(objects: objects)).pageCount == nil)
    }

    @Test func missingEndMarkerIsTruncated() {
        let report = FileInspector.inspect(FileSamples.pdf(endMarker: false))
        #expect(report.isTruncated)
        #expect(report.pageCount == 3)
    }

    @Test func endMarkerFarFromTheEndIsTruncated() {
        let bytes = FileSamples.pdf() + [UInt8](repeating: 0x20, count: 1100)
        #expect(FileInspector.inspect(bytes).isTruncated)
        #expect(!FileInspector.inspect(FileSamples.pdf() + [0x0A, 0x0A]).isTruncated)
    }

    @Test func producerOutranksCreatorAndBothLeaveTraces() {
        let report = FileInspector.inspect(FileSamples.pdf(producer: "Adobe PDF Library 17.0", creator: "Adobe Photoshop 25.0 (Windows)"))
        #expect(report.software == "Adobe PDF Library 17.0")
        #expect(report.editingToolTraces == ["photoshop"])
    }

    @Test func creatorIsSoftwareWithoutProducer() {
        #expect(FileInspector.inspect(FileSamples.pdf(creator: "Canva")).software == "Canva")
    }

    @Test func literalStringEscapesAreResolved() {
        let report = FileInspector.inspect(FileSamples.pdf(producer: #"Tool \(beta\) (nested) \101\102C\\"#))
        #expect(report.software == #"Tool (beta) (nested) ABC\"#)
    }

    @Test func hexAndUtf16Strings() {
        let utf16 = FileSamples.pdfFile(objects: ["<< /Type /Page >>", "<< /Producer <FEFF00470049004D0050> >>"])
        #expect(FileInspector.inspect(utf16).software == "GIMP")
        let hex = FileSamples.pdfFile(objects: ["<< /Type /Page >>", "<< /Producer <41 42 4>  >>"])
        #expect(FileInspector.inspect(hex).software == "AB@")
    }

    @Test func latestRevisionNamesTheSoftwareAndEarlierOnesStillCount() {
        let original = FileSamples.pdf(pages: 1, producer: "Microsoft Word")
        let update = FileSamples.ascii(
            "4 0 obj\n<< /Producer (Fotor Editor) >>\nendobj\n5 0 obj\n<< /Producer (Acme PDF 2.1) >>\nendobj\n%%EOF\n"
        )
        let report = FileInspector.inspect(original + update)
        #expect(report.software == "Acme PDF 2.1")
        #expect(report.editingToolTraces == ["fotor"])
    }

    @Test func indirectProducerIsSkipped() {
        let bytes = FileSamples.pdfFile(objects: ["<< /Type /Page >>", "<< /Producer 9 0 R /ProducerX (Photoshop) >>"])
        let report = FileInspector.inspect(bytes)
        #expect(report.software == nil)
        #expect(report.editingToolTraces.isEmpty)
        #expect(report.pageCount == 1)
    }
}
