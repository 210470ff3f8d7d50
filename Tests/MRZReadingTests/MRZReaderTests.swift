import Base
import Foundation
import ImageDecoding
import Testing
import Verification

@testable import MRZReading

/// The reader on document photos drawn by scripts/make-mrz-photos (labels.jsonl holds what each
/// shows), and on pictures with no zone at all.
@Suite("Reading the MRZ from a photo")
struct MRZReaderTests {
    static let today = CivilDate(year: 2026, month: 12, day: 1)!

    struct Label: Decodable {
        var file: String
        var format: String?
        var lines: [String]
        var lines_2: [String]?
    }

    static let labels: [String: Label] = {
        let text = (try? fixture("labels.jsonl")).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let decoded = text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Label.self, from: Data($0.utf8)) }
        return Dictionary(uniqueKeysWithValues: decoded.map { ($0.file, $0) })
    }()

    static func fixture(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
        return Array(try Data(contentsOf: url))
    }

    @Test(
        "each format, tilted or upside down, reads exactly to what it shows",
        arguments: [
            "td1.jpg", "td2.jpg", "td3.jpg", "td3-rotated.jpg", "td3-upside-down.jpg",
        ]
    )
    func readsExactly(_ file: String) throws {
        let label = try #require(Self.labels[file])
        let reading = try MRZReader.read(Self.fixture(file), today: Self.today)
        #expect(reading.found && reading.valid)
        #expect(reading.lines == label.lines)
        #expect(reading.format?.rawValue.uppercased() == label.format)
        #expect(reading.characterConfidences.map(\.count) == label.lines.map(\.count))
    }

    @Test("the turned photo is read the right way round")
    func upsideDown() throws {
        let reading = try MRZReader.read(Self.fixture("td3-upside-down.jpg"), today: Self.today)
        #expect(abs(try #require(reading.degrees)) > 170)
    }

    @Test("of two documents in one photo, one whole zone is read, never a mix of both")
    func twoZones() throws {
        let label = try #require(Self.labels["two-mrz.jpg"])
        let reading = try MRZReader.read(Self.fixture("two-mrz.jpg"), today: Self.today)
        #expect(reading.valid)
        #expect(reading.lines == label.lines || reading.lines == label.lines_2)
    }

    @Test("a bill and a selfie have no zone", arguments: ["bill.jpg", "selfie.jpg"])
    func noZone(_ file: String) throws {
        let reading = try MRZReader.read(Self.fixture(file), today: Self.today)
        #expect(!reading.found && !reading.valid && reading.lines.isEmpty)
    }

    @Test("pictures with nothing to read: blank, tiny, one pixel")
    func nothingToRead() {
        for (width, height) in [(1, 1), (3, 2), (400, 300)] {
            let blank = DecodedImage(width: width, height: height, channels: .grey, pixels: [UInt8](repeating: 200, count: width * height))
            #expect(!MRZReader.read(blank, today: Self.today).found)
        }
        #expect(!MRZReader.read(DecodedImage(width: 0, height: 0, channels: .grey, pixels: []), today: Self.today).found)
    }

    @Test("a 40-megapixel photo is scaled down before it is read, and shows no zone")
    func large() throws {
        let bytes = try Self.fixture("large-40mp.jpg")
        let header = try ImageDecoder.header(bytes)
        #expect(header.width * header.height >= 40_000_000)
        let image = try ImageDecoder.decode(bytes, channels: .grey, side: MRZReader.workingSide)
        #expect(max(image.width, image.height) <= MRZReader.workingSide)
        #expect(!MRZReader.read(image, today: Self.today).found)
    }

    @Test("a truncated photo fails to decode with a reason, not a crash")
    func truncated() throws {
        let bytes = try Self.fixture("td3.jpg")
        #expect(throws: ImageDecodingError.self) { try MRZReader.read(Array(bytes.prefix(bytes.count / 3)), today: Self.today) }
    }

    @Test("the check digits mend a character the model got wrong, and refuse what they cannot mend")
    func repair() throws {
        let label = try #require(Self.labels["td3.jpg"])
        let truth = Array(label.lines.joined().utf8)
        // Certain of every character but one of the birth date, which the model calls wrong
        // with the right one as its runner-up.
        var probabilities = Self.sure(of: truth)
        let birthDateCell = 44 + 13
        let wrong = GlyphModel.alphabet.firstIndex(of: truth[birthDateCell] == UInt8(ascii: "5") ? UInt8(ascii: "6") : UInt8(ascii: "5"))!
        let right = GlyphModel.alphabet.firstIndex(of: truth[birthDateCell])!
        probabilities[birthDateCell] = GlyphModel.alphabet.indices.map { $0 == wrong ? 0.6 : $0 == right ? 0.39 : 0.01 / 35 }
        let mended = ZoneDecoder(probabilities: probabilities, format: .td3, today: Self.today).decode()
        #expect(mended.valid)
        #expect(mended.lines == label.lines)
        #expect(mended.repaired == [birthDateCell])

        // A runner-up too unlikely to be trusted is not taken: the zone stays invalid.
        probabilities[birthDateCell] = GlyphModel.alphabet.indices.map { $0 == wrong ? 0.999 : $0 == right ? 0.000_001 : 0 }
        let refused = ZoneDecoder(probabilities: probabilities, format: .td3, today: Self.today).decode()
        #expect(!refused.valid)
        #expect(refused.repaired.isEmpty)
    }

    @Test("a name character read unsurely makes the zone untrusted, though every check digit holds")
    func unsureName() throws {
        let label = try #require(Self.labels["td3.jpg"])
        let truth = Array(label.lines.joined().utf8)
        var probabilities = Self.sure(of: truth)
        let nameCell = 10
        probabilities[nameCell] = GlyphModel.alphabet.map { $0 == truth[nameCell] ? 0.55 : 0.45 / 36 }
        let read = ZoneDecoder(probabilities: probabilities, format: .td3, today: Self.today).decode()
        #expect(read.lines == label.lines)
        #expect(!read.valid)
    }

    @Test("glare over the zone counts the cells whose ink a reflection washed out, not white paper")
    func washedOut() {
        // Eighteen cells of 20 pixels, each with a dark bar on white paper (255: blown-out paper
        // is not glare while the ink stays dark).
        let (width, height) = (400, 100)
        var pixels = [UInt8](repeating: 255, count: width * height)
        for cell in 0..<18 {
            let centre = 20 + cell * 20
            for y in 40..<60 { for x in (centre - 2)..<(centre + 2) { pixels[y * width + x] = 30 } }
        }
        let line = TextLine(origin: Point(x: 20.5, y: 50), direction: Point(x: 1, y: 0), pitch: 20, count: 18)
        #expect(GlyphPatch.washedOutShare(DecodedImage(width: width, height: height, channels: .grey, pixels: pixels), lines: [line]) == 0)
        // A reflection over the right half: the ink there turns nearly as bright as the paper.
        for y in 0..<height { for x in 190..<width { pixels[y * width + x] = max(pixels[y * width + x], 235) } }
        let share = GlyphPatch.washedOutShare(DecodedImage(width: width, height: height, channels: .grey, pixels: pixels), lines: [line])
        #expect(share == 9.0 / 18.0)
    }

    /// What a model sure of every character of `truth` would say.
    static func sure(of truth: [UInt8]) -> [[Float]] {
        truth.map { character in GlyphModel.alphabet.map { $0 == character ? Float(0.999) : Float(0.001 / 36) } }
    }

    @Test("the built-in model loads and classifies a blank patch without trapping")
    func model() {
        let model = GlyphModel.shared
        #expect(model.inputs == GlyphPatch.size && model.classes == 37)
        let probabilities = model.classify([Float](repeating: 0, count: GlyphPatch.size))
        #expect(probabilities.count == 1)
        #expect(abs(probabilities[0].reduce(0, +) - 1) < 0.001)
        #expect(GlyphModel([UInt8](repeating: 0, count: 64)) == nil, "not a model file")
    }
}
