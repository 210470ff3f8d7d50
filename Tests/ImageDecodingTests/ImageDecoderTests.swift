import Foundation
import TestSupport
import Testing

@testable import ImageDecoding

/// The fixtures are drawn by `scripts/make-image-fixtures`: a 64 × 48 picture in four flat
/// quadrants (red, green / blue, white), in every format and shape uploads may carry.
enum Fixture {
    static func bytes(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
        return Array(try Data(contentsOf: url))
    }

    static let red: [UInt8] = [255, 0, 0]
    static let green: [UInt8] = [0, 255, 0]
    static let blue: [UInt8] = [0, 0, 255]
    static let white: [UInt8] = [255, 255, 255]

    /// The colours at the centres of the four quadrants, clockwise from the top left.
    static func quadrants(_ image: DecodedImage) -> [[UInt8]] {
        let (w, h) = (image.width, image.height)
        return [(w / 4, h / 4), (3 * w / 4, h / 4), (3 * w / 4, 3 * h / 4), (w / 4, 3 * h / 4)].map { x, y in
            (0..<image.channels.rawValue).map { image[x, y, $0] }
        }
    }

    /// Whether `image` shows the reference picture upright, within `tolerance` a channel.
    static func showsReference(_ image: DecodedImage, tolerance: Int = 24) -> Bool {
        let expected = [red, green, white, blue]
        return zip(quadrants(image), expected).allSatisfy { got, want in
            zip(got, want).allSatisfy { abs(Int($0) - Int($1)) <= tolerance }
        }
    }
}

@Suite("Image decoding")
struct ImageDecoderTests {
    @Test(
        "every format decodes upright to the same picture",
        arguments: ["photo.jpg", "progressive.jpg", "photo.png", "palette.png", "alpha.png", "photo.webp", "lossless.webp", "photo.heic"]
    )
    func formats(name: String) throws {
        let image = try ImageDecoder.decode(try Fixture.bytes(name))
        #expect(image.width == 64 && image.height == 48)
        #expect(Fixture.showsReference(image), "\(name): \(Fixture.quadrants(image))")
    }

    @Test("the header is read without decoding: format, stated size, channels")
    func header() throws {
        let jpeg = try ImageDecoder.header(try Fixture.bytes("photo.jpg"))
        #expect(jpeg.format == .jpeg && jpeg.width == 64 && jpeg.height == 48 && jpeg.channels == 3 && !jpeg.cmyk)
        let png = try ImageDecoder.header(try Fixture.bytes("grey16.png"))
        #expect(png.format == .png && png.bitDepth == 16 && png.channels == 1)
        #expect(try ImageDecoder.header(try Fixture.bytes("photo.webp")).format == .webp)
        #expect(try ImageDecoder.header(try Fixture.bytes("photo.heic")).format == .heic)
    }

    @Test("EXIF orientation turns a JPEG upright; the header gives the stored size")
    func orientation() throws {
        for (name, orientation) in [("orientation-6.jpg", ImageOrientation.right), ("orientation-3.jpg", .down)] {
            let bytes = try Fixture.bytes(name)
            let header = try ImageDecoder.header(bytes)
            #expect(header.orientation == orientation)
            #expect(header.uprightSize == (64, 48))
            let image = try ImageDecoder.decode(bytes)
            #expect(image.width == 64 && image.height == 48, "\(name)")
            #expect(Fixture.showsReference(image), "\(name): \(Fixture.quadrants(image))")
        }
    }

    @Test("every orientation maps back to the upright picture")
    func everyOrientation() {
        // A 3 × 2 upright picture, numbered in reading order, and how each orientation stores
        // it: `.right` (6) is stored turned a quarter to the left, and so on.
        let upright = DecodedImage(width: 3, height: 2, channels: .grey, pixels: [1, 2, 3, 4, 5, 6])
        let stored: [ImageOrientation: (Int, Int, [UInt8])] = [
            .up: (3, 2, [1, 2, 3, 4, 5, 6]),
            .upMirrored: (3, 2, [3, 2, 1, 6, 5, 4]),
            .down: (3, 2, [6, 5, 4, 3, 2, 1]),
            .downMirrored: (3, 2, [4, 5, 6, 1, 2, 3]),
            .leftMirrored: (2, 3, [1, 4, 2, 5, 3, 6]),
            .right: (2, 3, [3, 6, 2, 5, 1, 4]),
            .rightMirrored: (2, 3, [6, 3, 5, 2, 4, 1]),
            .left: (2, 3, [4, 1, 5, 2, 6, 3]),
        ]
        for (orientation, (width, height, pixels)) in stored {
            let image = DecodedImage(width: width, height: height, channels: .grey, pixels: pixels)
            #expect(image.upright(orientation) == upright, "\(orientation)")
        }
    }

    @Test("grey, 16-bit, CMYK and one-pixel inputs decode; grey output is one byte a pixel")
    func oddInputs() throws {
        let grey = try ImageDecoder.decode(try Fixture.bytes("grey.jpg"), channels: .grey)
        #expect(grey.pixels.count == 64 * 48)
        #expect(abs(Int(grey[48, 36]) - 255) < 16, "the white quadrant")
        let deep = try ImageDecoder.decode(try Fixture.bytes("grey16.png"), channels: .grey)
        #expect(abs(Int(deep[48, 36]) - 255) < 4 && abs(Int(deep[16, 12]) - 76) < 4, "16-bit samples scaled to 8")
        let cmyk = try ImageDecoder.decode(try Fixture.bytes("cmyk.jpg"))
        #expect(Fixture.showsReference(cmyk, tolerance: 40), "\(Fixture.quadrants(cmyk))")
        let one = try ImageDecoder.decode(try Fixture.bytes("one-pixel.png"))
        #expect(one.width == 1 && one.height == 1 && one.pixels == [10, 20, 30])
    }

    @Test("an animated PNG gives its first frame; an animated WebP is refused with a reason")
    func animation() throws {
        let png = try Fixture.bytes("animated.png")
        #expect(try ImageDecoder.header(png).animated)
        #expect(Fixture.showsReference(try ImageDecoder.decode(png)))
        let webp = try Fixture.bytes("animated.webp")
        #expect(try ImageDecoder.header(webp).animated)
        #expect(Self.code { try ImageDecoder.decode(webp) } == .unsupported)
    }

    @Test("a PNG that states 100,000 × 100,000 is refused from its header")
    func decompressionBomb() throws {
        let bomb = try Fixture.bytes("bomb.png")
        #expect(bomb.count < 100)
        let header = try ImageDecoder.header(bomb)
        #expect(header.width == 100_000 && header.height == 100_000)
        #expect(Self.code { try ImageDecoder.decode(bomb) } == .tooLarge)
    }

    @Test("a 40-megapixel photo decodes within the default limits, and is refused by tighter ones")
    func fortyMegapixels() throws {
        let bytes = try Fixture.bytes("forty-megapixels.png")
        let small = try ImageDecoder.decode(bytes, channels: .grey, side: 1_000)
        #expect(small.width == 1_000 && small.height == 750)
        #expect(small.pixels.allSatisfy { $0 == 128 })
        #expect(Self.code { try ImageDecoder.decode(bytes, channels: .grey, limits: ImageLimits(maximumPixels: 20_000_000)) } == .tooLarge)
        #expect(Self.code { try ImageDecoder.decode(bytes, limits: ImageLimits(maximumSide: 4_096)) } == .tooLarge)
    }

    @Test("a JPEG asked for a small copy is scaled in the DCT, then averaged to fit")
    func scaledJPEG() throws {
        #expect(ImageDecoder.jpegScale(longer: 4_000, side: 1_000) == 4)
        #expect(ImageDecoder.jpegScale(longer: 4_000, side: 600) == 4)
        #expect(ImageDecoder.jpegScale(longer: 4_000, side: 450) == 8)
        #expect(ImageDecoder.jpegScale(longer: 1_500, side: 1_000) == 1)
        #expect(ImageDecoder.jpegScale(longer: 4_000, side: nil) == 1)
        let image = try ImageDecoder.decode(try Fixture.bytes("photo.jpg"), side: 16)
        #expect(image.width == 16 && image.height == 12)
        #expect(Fixture.showsReference(image, tolerance: 40), "\(Fixture.quadrants(image))")
    }

    @Test("files cut short say so", arguments: ["photo.jpg", "progressive.jpg", "photo.png", "photo.webp"])
    func truncated(name: String) throws {
        let bytes = try Fixture.bytes(name)
        let cut = Array(bytes.prefix(bytes.count * 2 / 3))
        let code = Self.code { try ImageDecoder.decode(cut) }
        #expect(code == .truncated || code == .corrupt, "\(name): \(String(describing: code))")
        #expect(code != nil)
    }

    @Test("what is no image is refused by its first bytes")
    func notAnImage() {
        for bytes in [[], Array("%PDF-1.7\n".utf8), Array("GIF89a".utf8) + [UInt8](repeating: 0, count: 40), [0xFF, 0xD8]] as [[UInt8]] {
            #expect(Self.code { try ImageDecoder.decode(bytes) } == .formatUnknown, "\(bytes.prefix(8))")
        }
    }

    @Test("damaged files never crash: each decodes or fails with a code", arguments: ImageFormat.allCases)
    func damaged(format: ImageFormat) throws {
        let name = ["jpeg": "progressive.jpg", "png": "photo.png", "webp": "photo.webp", "heic": "photo.heic"][format.rawValue]!
        let original = try Fixture.bytes(name)
        var generator = SeededGenerator(state: 9303)
        for _ in 0..<300 {
            var bytes = original
            for _ in 0..<Int(generator.next() % 6 + 1) {
                // Past the signature: the sniffing is not what this tries.
                let at = 12 + Int(generator.next() % UInt64(bytes.count - 12))
                bytes[at] = UInt8(truncatingIfNeeded: generator.next())
            }
            do {
                let image = try ImageDecoder.decode(bytes, limits: ImageLimits(maximumSide: 4_096, maximumPixels: 4_000_000))
                #expect(image.pixels.count == image.width * image.height * 3)
            } catch {
                // Typed: the decoder throws only `ImageDecodingError`, each with a reason.
                #expect(!error.reason.isEmpty)
            }
        }
    }

    @Test("averaging down keeps flat areas flat and the aspect ratio")
    func fitting() {
        let image = DecodedImage(
            width: 8,
            height: 4,
            channels: .grey,
            pixels: [UInt8](repeating: 10, count: 16) + [UInt8](repeating: 30, count: 16)
        )
        let small = image.fitting(side: 4)
        #expect(small.width == 4 && small.height == 2)
        #expect(small.pixels == [10, 10, 10, 10, 30, 30, 30, 30])
        #expect(image.fitting(side: 100) == image)
    }

    /// The code `body` fails with; nil when it decodes. Any other error fails the test.
    static func code(_ body: () throws -> DecodedImage) -> ImageDecodingError.Code? {
        do {
            _ = try body()
            return nil
        } catch let error as ImageDecodingError {
            return error.code
        } catch {
            Issue.record("not an ImageDecodingError: \(error)")
            return nil
        }
    }
}
