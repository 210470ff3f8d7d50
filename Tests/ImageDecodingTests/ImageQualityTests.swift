import ImageAnalysis
import ImageDecoding
import TestSupport
import Testing

@Suite("Photo quality figures")
struct ImageQualityTests {
    static func figures(_ bytes: [UInt8]) throws -> ImageQualityFigures {
        ImageQuality.measure(try ImageDecoder.decode(bytes, channels: .grey, side: ImageQuality.measuringSide))
    }

    @Test("a sharp card is sharp, the same card out of focus is not, and a reflection shows as glare")
    func documentPhotos() throws {
        let sharp = try Self.figures(try TestPhotos.sharp())
        let blurry = try Self.figures(try TestPhotos.blurry())
        let glare = try Self.figures(try TestPhotos.glare())
        #expect(sharp.sharpness > 100, "\(sharp)")
        #expect(blurry.sharpness < 20, "\(blurry)")
        #expect(sharp.sharpness > 10 * blurry.sharpness)
        #expect(sharp.glare < 0.001 && blurry.glare < 0.001, "printed white is not blown out")
        #expect(glare.glare > 0.05, "\(glare)")
        #expect(sharp.width == 1_000 && sharp.height == 625, "measured on the 1,000-pixel copy")
    }

    @Test("flat grey has no sharpness and no glare; a checkerboard is sharp; all white is all glare")
    func synthetic() {
        let flat = DecodedImage(width: 40, height: 30, channels: .grey, pixels: [UInt8](repeating: 128, count: 1_200))
        let flatFigures = ImageQuality.measure(flat)
        #expect(flatFigures.sharpness == 0 && flatFigures.glare == 0 && flatFigures.brightness == 128)
        let board = DecodedImage(
            width: 40,
            height: 30,
            channels: .grey,
            pixels: (0..<1_200).map { ($0 % 40 + $0 / 40) % 2 == 0 ? 0 : 200 }
        )
        #expect(ImageQuality.measure(board).sharpness > 10_000)
        let white = DecodedImage(width: 40, height: 30, channels: .grey, pixels: [UInt8](repeating: 255, count: 1_200))
        // The border has no full neighbourhood: interior pixels over all pixels.
        #expect(abs(ImageQuality.measure(white).glare - Double(38 * 28) / 1_200) < 1e-9)
    }

    @Test("tiny images give figures, not a crash")
    func tiny() {
        for (w, h) in [(1, 1), (2, 5), (3, 3)] {
            let image = DecodedImage(width: w, height: h, channels: .rgb, pixels: [UInt8](repeating: 255, count: w * h * 3))
            let figures = ImageQuality.measure(image)
            #expect(figures.sharpness >= 0 && figures.glare >= 0)
        }
    }
}
