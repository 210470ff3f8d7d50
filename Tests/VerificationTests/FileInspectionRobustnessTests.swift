import TestSupport
import Testing
import Verification

/// Arbitrary, mutated and truncated input must give a sensible report: no trap, no endless loop.
@Suite struct FileInspectionRobustnessTests {
    static let samples: [[UInt8]] = [
        FileSamples.jpeg(software: "Adobe Photoshop 25.0", creatorTool: "GIMP", photoshopResources: true),
        FileSamples.jpeg(software: "Adobe Photoshop 25.0", order: .motorola),
        FileSamples.png(software: "GIMP 2.10"),
        FileSamples.webpLossy(),
        FileSamples.webpLossless(),
        FileSamples.webpExtended(software: "PicsArt"),
        FileSamples.pdf(pages: 3, producer: "Canva", creator: "(nested)"),
        FileSamples.heic(),
    ]

    /// What must hold for any input, whatever its bytes.
    static func checkInvariants(_ bytes: [UInt8]) {
        let report = FileInspector.inspect(bytes)
        #expect(report.fileType == FileType.sniff(bytes))
        if let width = report.width { #expect(width > 0) }
        if let height = report.height { #expect(height > 0) }
        #expect((report.width == nil) == (report.height == nil))
        if report.fileType == .pdf || report.fileType == nil { #expect(report.width == nil) }
        if report.fileType != .pdf { #expect(report.pageCount == nil) }
        if let pageCount = report.pageCount { #expect(pageCount > 0) }
        if let software = report.software { #expect(!software.isEmpty && software.count <= 256) }
        if report.fileType == nil { #expect(report == FileReport()) }
    }

    @Test(.timeLimit(.minutes(1)))
    func randomBuffers() {
        var generator = SeededGenerator(state: 1)
        let signatures = Self.samples.map { Array($0.prefix(16)) }
        for round in 0..<4000 {
            var bytes = (0..<Int.random(in: 0...600, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // Most rounds start like a real file, so the format walkers, not just sniffing, see the noise.
            if round % 4 != 0 { bytes = signatures[round % signatures.count] + bytes }
            Self.checkInvariants(bytes)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func everyPrefixOfEverySample() {
        for sample in Self.samples {
            for length in 0...sample.count {
                let prefix = Array(sample.prefix(length))
                Self.checkInvariants(prefix)
                let report = FileInspector.inspect(prefix)
                // These formats end with a marker or state their length, so any proper prefix is short.
                if length < sample.count, [.jpeg, .png, .webp].contains(report.fileType) {
                    #expect(report.isTruncated, "prefix of \(length) of \(sample.count) bytes")
                }
            }
            #expect(!FileInspector.inspect(sample).isTruncated)
            #expect(!FileInspector.inspect(sample).isCorrupt)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func mutatedSamples() {
        var generator = SeededGenerator(state: 2)
        let extremes: [[UInt8]] = [
            [0xFF, 0xFF, 0xFF, 0xFF], [0x7F, 0xFF, 0xFF, 0xFF], [0, 0, 0, 0], [0, 0, 0, 1], [0xFF, 0xD9, 0xFF, 0xDA],
        ]
        for round in 0..<6000 {
            var bytes = Self.samples[round % Self.samples.count]
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: bytes[position] = UInt8.random(in: 0...255, using: &generator)
                case 1:
                    let value = extremes.randomElement(using: &generator)!
                    let end = min(bytes.count, position + 4)
                    bytes.replaceSubrange(position..<end, with: value.prefix(end - position))
                case 2: bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...40, using: &generator)))
                default: bytes.insert(contentsOf: extremes.randomElement(using: &generator)!, at: position)
                }
                if bytes.isEmpty { bytes = [0] }
            }
            if round % 3 == 0 { bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator))) }
            Self.checkInvariants(bytes)
        }
    }

    @Test func hugeDeclaredSizesDoNotOverflow() {
        let heicHuge =
            FileSamples.isoBox("ftyp", FileSamples.ascii("heic") + [0, 0, 0, 0] + FileSamples.ascii("mif1"))
            + [0, 0, 0, 1] + FileSamples.ascii("mdat") + [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        let report = FileInspector.inspect(heicHuge)
        #expect(report.isCorrupt || report.isTruncated)
        let webpHuge = FileSamples.webp(
            chunks: FileSamples.riffChunk("VP8 ", FileSamples.vp8Frame(width: 5, height: 5)),
            declaredSize: 0xFFFF_FFFF
        )
        #expect(FileInspector.inspect(webpHuge).isTruncated)
    }
}
