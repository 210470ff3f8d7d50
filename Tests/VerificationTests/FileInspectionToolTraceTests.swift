import Testing
import Verification

/// How software names map to normalised editing-tool traces.
@Suite struct FileInspectionToolTraceTests {
    static func traces(for software: String) -> [String] {
        FileInspector.inspect(FileSamples.jpeg(software: software)).editingToolTraces
    }

    @Test(arguments: [
        ("Adobe Photoshop CC 2019 (Macintosh)", ["photoshop"]),
        ("Adobe Photoshop Lightroom Classic 13.1 (Windows)", ["lightroom"]),
        ("Adobe Photoshop Express", ["photoshop"]),
        ("Adobe\u{AE} Photoshop\u{AE} CS6", ["photoshop"]),
        ("GIMP 2.10.36", ["gimp"]),
        ("GNU Image Manipulation Program", ["gimp"]),
        ("Affinity Photo 2.4", ["affinity"]),
        ("Pixelmator Pro 3.5", ["pixelmator"]),
        ("Snapseed 2.0", ["snapseed"]),
        ("PicsArt", ["picsart"]),
        ("Canva", ["canva"]),
        ("Paint.NET v5.0.12", ["paint.net"]),
        ("Facetune2", ["facetune"]),
        ("Corel PaintShop Pro 2023", ["paintshop"]),
    ])
    func knownEditors(software: String, expected: [String]) {
        #expect(Self.traces(for: software) == expected)
    }

    @Test(arguments: ["HTML Canvas export", "iOS 17.4", "Google", "Picasa Web", "Camera firmware 1.0", "gimpy"])
    func ordinarySoftwareIsNotAnEditor(software: String) {
        #expect(Self.traces(for: software).isEmpty)
    }
}
