import Testing
import Verification

/// Recognising accepted document formats from their leading bytes.
@Suite struct FileTypeTests {
    static func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }

    static func bigEndian32(_ value: Int) -> [UInt8] {
        [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    /// An ISO-BMFF `ftyp` box: size, "ftyp", major brand, minor version, compatible brands.
    static func ftyp(major: String, compatible: [String], declaredSize: Int? = nil) -> [UInt8] {
        let size = 16 + 4 * compatible.count
        return bigEndian32(declaredSize ?? size) + ascii("ftyp") + ascii(major) + [0, 0, 0, 0]
            + compatible.flatMap(ascii)
    }

    /// A RIFF container header followed by the first chunk's type and size.
    static func riff(form: String, chunk: String) -> [UInt8] {
        ascii("RIFF") + [0x24, 0x00, 0x00, 0x00] + ascii(form) + ascii(chunk) + [0x10, 0x00, 0x00, 0x00]
    }

    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    // MARK: Recognised

    @Test func jpeg() {
        let jfif: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Self.ascii("JFIF") + [0x00]
        #expect(FileType.sniff(jfif) == .jpeg)
        let exif: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x18] + Self.ascii("Exif") + [0x00, 0x00]
        #expect(FileType.sniff(exif) == .jpeg)
        #expect(FileType.sniff([0xFF, 0xD8, 0xFF, 0xDB]) == .jpeg)
        #expect(FileType.jpeg.contentType == "image/jpeg")
    }

    @Test func pngWithIHDR() {
        let png =
            Self.pngSignature + [0x00, 0x00, 0x00, 0x0D] + Self.ascii("IHDR")
            + [0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00]
        #expect(FileType.sniff(png) == .png)
        // Exactly the signature and the IHDR chunk's length and type.
        #expect(FileType.sniff(Array(png.prefix(16))) == .png)
        #expect(FileType.png.contentType == "image/png")
    }

    @Test func pdf() {
        #expect(FileType.sniff(Self.ascii("%PDF-1.7\n%\u{E2}\u{E3}\n1 0 obj\n")) == .pdf)
        #expect(FileType.sniff(Self.ascii("%PDF-1.4")) == .pdf)
        #expect(FileType.pdf.contentType == "application/pdf")
    }

    @Test(arguments: ["VP8 ", "VP8L", "VP8X"])
    func webp(chunk: String) {
        #expect(FileType.sniff(Self.riff(form: "WEBP", chunk: chunk)) == .webp)
        #expect(FileType.webp.contentType == "image/webp")
    }

    @Test func heicWithHEICMajorBrand() {
        let heic = Self.ftyp(major: "heic", compatible: ["mif1", "heic"])
        #expect(FileType.sniff(heic) == .heic)
        // Followed by the rest of the file.
        #expect(FileType.sniff(heic + Self.bigEndian32(8) + Self.ascii("meta")) == .heic)
        // A bare ftyp box with no compatible brands.
        #expect(FileType.sniff(Self.ftyp(major: "heic", compatible: [])) == .heic)
        #expect(FileType.heic.contentType == "image/heic")
    }

    @Test func heicWithMif1AsACompatibleBrand() {
        #expect(FileType.sniff(Self.ftyp(major: "msf1", compatible: ["iso8", "mif1"])) == .heic)
        #expect(FileType.sniff(Self.ftyp(major: "isom", compatible: ["iso8", "mif1"])) == .heic)
    }

    @Test func everyTypeHasADistinctContentType() {
        let types = FileType.allCases.map(\.contentType)
        #expect(Set(types).count == FileType.allCases.count)
    }

    // MARK: Refused

    @Test func emptyAndOneByte() {
        #expect(FileType.sniff([]) == nil)
        #expect(FileType.sniff([0xFF]) == nil)
        #expect(FileType.sniff([0x89]) == nil)
        #expect(FileType.sniff(Self.ascii("%")) == nil)
    }

    @Test func textFile() {
        #expect(FileType.sniff(Self.ascii("hello world")) == nil)
        #expect(FileType.sniff(Self.ascii("hello world\nthis is a longer text file, not an image\n")) == nil)
        // Text that merely starts with a format's letters.
        #expect(FileType.sniff(Self.ascii("RIFF raff, WEBP is a nice format")) == nil)
        #expect(FileType.sniff(Self.ascii("PNG images are great, aren't they?")) == nil)
    }

    @Test func pngSignatureWithoutIHDR() {
        #expect(FileType.sniff(Self.pngSignature) == nil)
        let otherChunk = Self.pngSignature + [0x00, 0x00, 0x00, 0x0D] + Self.ascii("tEXt") + [0x00]
        #expect(FileType.sniff(otherChunk) == nil)
        #expect(FileType.sniff(Self.pngSignature + [0x00, 0x00, 0x00, 0x0D] + Self.ascii("IHD")) == nil)
    }

    @Test func riffWave() {
        #expect(FileType.sniff(Self.riff(form: "WAVE", chunk: "fmt ")) == nil)
        #expect(FileType.sniff(Self.riff(form: "AVI ", chunk: "LIST")) == nil)
        // WEBP form with an unknown first chunk, and a WEBP header cut short.
        #expect(FileType.sniff(Self.riff(form: "WEBP", chunk: "ALPH")) == nil)
        #expect(FileType.sniff(Self.ascii("RIFF") + [0x24, 0x00, 0x00, 0x00] + Self.ascii("WEBP")) == nil)
    }

    @Test func mp4FtypBrands() {
        #expect(FileType.sniff(Self.ftyp(major: "isom", compatible: ["isom", "iso2", "avc1", "mp41"])) == nil)
        #expect(FileType.sniff(Self.ftyp(major: "mp42", compatible: ["mp42", "isom"])) == nil)
        #expect(FileType.sniff(Self.ftyp(major: "qt  ", compatible: ["qt  "])) == nil)
    }

    @Test func truncatedFtyp() {
        // The box claims more bytes than there are.
        #expect(FileType.sniff(Self.ftyp(major: "heic", compatible: ["mif1"], declaredSize: 64)) == nil)
        // A box too small to hold a brand and version, or not a multiple of four.
        #expect(FileType.sniff(Self.ftyp(major: "heic", compatible: [], declaredSize: 8)) == nil)
        #expect(FileType.sniff(Self.ftyp(major: "heic", compatible: ["mif1"], declaredSize: 18)) == nil)
        // Cut off inside the header.
        #expect(FileType.sniff(Array(Self.ftyp(major: "heic", compatible: []).prefix(12))) == nil)
        // A HEIF brand sitting beyond the box's declared end does not count.
        let brandOutsideBox = Self.ftyp(major: "isom", compatible: ["mp41"]) + Self.ascii("heic")
        #expect(FileType.sniff(brandOutsideBox) == nil)
    }

    @Test func pdfMarkerAloneIsTooShort() {
        #expect(FileType.sniff(Self.ascii("%PDF")) == nil)
        #expect(FileType.sniff(Self.ascii("%PDF-")) == nil)
        #expect(FileType.sniff(Self.ascii("%PDF-1.")) == nil)
        #expect(FileType.sniff(Self.ascii("%PDX-1.7 not a pdf")) == nil)
    }

    @Test func gif() {
        let gif89 = Self.ascii("GIF89a") + [0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0xFF, 0xFF, 0xFF]
        #expect(FileType.sniff(gif89) == nil)
        #expect(FileType.sniff(Self.ascii("GIF87a") + [0x01, 0x00, 0x01, 0x00]) == nil)
    }

    @Test func otherFormats() {
        #expect(FileType.sniff([0xFF, 0xD8, 0xFF]) == nil)  // a JPEG marker with nothing after it
        #expect(FileType.sniff(Self.ascii("PK") + [0x03, 0x04, 0x14, 0x00, 0x06, 0x00]) == nil)  // ZIP
        #expect(FileType.sniff(Self.ascii("BM") + [UInt8](repeating: 0, count: 20)) == nil)  // BMP
        #expect(FileType.sniff([0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00]) == nil)  // TIFF
        #expect(FileType.sniff([UInt8](repeating: 0, count: 64)) == nil)
    }
}
