import Base
import Foundation
import ImageDecoding
import Verification

/// What reading a photo for its machine readable zone found.
public struct MRZReading: Sendable {
    /// Whether a zone's lines were found at all (two or three lines of the right lengths).
    public var found: Bool
    /// Whether every check digit holds, every date is real and every character outside the
    /// check digits' reach was read surely: the only readings to trust.
    public var valid: Bool
    public var format: MRZFormat?
    /// The zone's lines as read (after repair by check digits); empty when none was found.
    public var lines: [String]
    /// For each line, each character's probability among what its position may hold.
    public var characterConfidences: [[Float]]
    /// Per field (`document_number`, `surname`, … as `MRZReadingPlan.fields` names them), the
    /// probability of its least sure character.
    public var fieldConfidences: [String: Float] = [:]
    /// How many characters the check digits mended.
    public var repairedCharacters: Int
    /// The character pitch of the zone in the photo's pixels: too few, and the photo is too small to read.
    public var pitch: Double?
    /// The zone's angle to the photo's rows, in degrees; near ±180 for a photo upside down.
    public var degrees: Double?
    /// Whether long lines of fixed-pitch text run into the photo's edge: a zone cut off by the frame.
    public var cropped = false
    /// The share (0–1) of the zone's cells whose ink a reflection has washed out: glare over the
    /// text, as opposed to white paper elsewhere in the photo.
    public var zoneGlare: Double?

    /// The lowest probability of any character: how close the weakest call was.
    public var confidence: Float { characterConfidences.joined().min() ?? 0 }

    static let notFound = MRZReading(
        found: false,
        valid: false,
        format: nil,
        lines: [],
        characterConfidences: [],
        repairedCharacters: 0,
        pitch: nil,
        degrees: nil
    )
}

/// Reads the machine readable zone of an identity document from a photo of it.
///
/// Finds lines of fixed-pitch text (`TextLineFinder`), picks those laid out as a zone
/// (`ZoneLocator`), samples each character cell along the fitted lines — so a tilted photo needs
/// no turning — classifies the cells (`GlyphModel`) and decodes them against the zone's field
/// types and check digits (`ZoneDecoder`), each zone both ways round. CPU work of tens of
/// milliseconds: callers run it off the cooperative threads.
public enum MRZReader {
    /// The longest side the reader looks at; larger photos are scaled down to it first.
    public static let workingSide = 2_400

    /// Decodes an image file's bytes at the working size and reads it.
    public static func read(_ bytes: [UInt8], today: CivilDate) throws(ImageDecodingError) -> MRZReading {
        read(try ImageDecoder.decode(bytes, channels: .grey, side: workingSide), today: today)
    }

    /// Reads an image as it is (no scaling; colour is read in grey): `today` resolves the zone's
    /// two-digit years.
    public static func read(_ image: DecodedImage, today: CivilDate) -> MRZReading {
        let image = image.grey()
        let radius = max(10, max(image.width, image.height) / 80)
        let ink = InkMap.threshold(image, radius: radius)
        let boxes = InkComponents.boxes(ink: ink, width: image.width, height: image.height)
        let lines = TextLineFinder(boxes: boxes).lines()
        var best: (read: ZoneRead, zone: ZoneCandidate)?
        for candidate in ZoneLocator.candidates(lines) {
            for zone in [candidate, candidate.reversed] {
                for (read, placed) in Self.placements(of: zone, in: image, today: today) {
                    if let current = best?.read, Self.prefer(current, over: read) { continue }
                    best = (read, placed)
                }
            }
        }
        guard let (read, zone) = best else {
            var reading = MRZReading.notFound
            reading.cropped = lines.contains { $0.count >= 20 && runsOffEdge($0, image) }
            return reading
        }
        let length = zone.format.lineLength
        return MRZReading(
            found: true,
            valid: read.valid,
            format: zone.format,
            lines: read.lines,
            characterConfidences: (0..<zone.format.lineCount).map { Array(read.confidences[($0 * length)..<(($0 + 1) * length)]) },
            fieldConfidences: read.fieldConfidences,
            repairedCharacters: read.repaired.count,
            pitch: zone.pitch,
            degrees: zone.lines[0].degrees,
            zoneGlare: GlyphPatch.washedOutShare(image, lines: zone.lines)
        )
    }

    /// Every way of laying the format's cells on the found lines, decoded. A line found a cell or
    /// two long or short is sampled once over its cells and a margin, and each window of the
    /// format's length within it is tried: classifying is the costly part, decoding is cheap.
    private static func placements(of zone: ZoneCandidate, in image: DecodedImage, today: CivilDate) -> [(ZoneRead, ZoneCandidate)] {
        let length = zone.format.lineLength
        let slack = ZoneLocator.countSlack
        var windows: [[(line: TextLine, probabilities: ArraySlice<[Float]>)]] = []
        for line in zone.lines {
            let margin = max(0, length - line.count) + 1
            let widened = line.cells(from: -margin, count: line.count + 2 * margin)
            let probabilities = GlyphModel.shared.classify(GlyphPatch.sample(image, line: widened))
            // Where the line's own first cell lands in the widened line, and the starts near it.
            let starts = (margin - slack)...(margin + max(0, line.count - length) + slack)
            windows.append(
                starts.filter { $0 >= 0 && $0 + length <= widened.count }.map { start in
                    (widened.cells(from: start, count: length), probabilities[start..<(start + length)])
                }
            )
        }
        var results: [(ZoneRead, ZoneCandidate)] = []
        for choice in Self.combinations(windows.map(\.count)) {
            let chosen = choice.enumerated().map { windows[$0.offset][$0.element] }
            // A zone's lines start one under the other: windows that do not are no reading of it
            // (and a line without check digits, a name line, could otherwise slip a cell unseen).
            let first = chosen[0].line
            guard chosen.allSatisfy({ abs(($0.line.origin - first.origin).dot(first.direction)) < 0.5 * first.pitch }) else { continue }
            let probabilities = chosen.flatMap { Array($0.probabilities) }
            let read = ZoneDecoder(probabilities: probabilities, format: zone.format, today: today).decode()
            results.append((read, ZoneCandidate(format: zone.format, lines: chosen.map(\.line))))
        }
        return results
    }

    /// Every choice of one index below each of `counts`.
    private static func combinations(_ counts: [Int]) -> [[Int]] {
        counts.reduce([[]]) { partial, count in partial.flatMap { prefix in (0..<count).map { prefix + [$0] } } }
    }

    /// Whether a line's first or last cell lies within about a cell of the image's edge.
    private static func runsOffEdge(_ line: TextLine, _ image: DecodedImage) -> Bool {
        let margin = 1.2 * line.pitch
        return [line.centre(of: 0), line.centre(of: line.count - 1)].contains { point in
            point.x < margin || point.y < margin || point.x > Double(image.width) - margin || point.y > Double(image.height) - margin
        }
    }

    /// A valid reading over an invalid one, then the more confident.
    private static func prefer(_ a: ZoneRead, over b: ZoneRead) -> Bool {
        a.valid != b.valid ? a.valid : a.score >= b.score
    }
}
