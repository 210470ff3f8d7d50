import Verification

/// Two or three lines that together look like a machine readable zone, in reading order.
struct ZoneCandidate: Sendable {
    var format: MRZFormat
    var lines: [TextLine]

    /// The same zone read from its other end, as in a photo turned upside down.
    var reversed: ZoneCandidate { ZoneCandidate(format: format, lines: lines.reversed().map(\.reversed)) }

    var pitch: Double { lines.map(\.pitch).reduce(0, +) / Double(lines.count) }
}

/// Picks, among lines of fixed-pitch text, those that form a zone: 3 lines of 30 cells (TD1) or
/// 2 of 36 (TD2) or 44 (TD3), parallel, of one pitch, starting one above the other, about
/// 4.23 mm apart for a 2.54 mm pitch (Doc 9303 prints six lines to the inch, ten characters).
enum ZoneLocator {
    /// How many cells a line's count may be off by (ink beside the zone taken for a character,
    /// fillers run together by blur): the reader tries each placement of the zone's cells.
    static let countSlack = 2

    static func candidates(_ lines: [TextLine]) -> [ZoneCandidate] {
        var zones: [ZoneCandidate] = []
        for format in [MRZFormat.td1, .td2, .td3] {
            let sized = lines.filter { abs($0.count - format.lineLength) <= countSlack }
            for first in sized {
                var zone = [first]
                while zone.count < format.lineCount, let below = sized.first(where: { follows($0, zone[zone.count - 1]) }) {
                    zone.append(below)
                }
                if zone.count == format.lineCount { zones.append(ZoneCandidate(format: format, lines: commonPitch(zone, format))) }
            }
        }
        return zones
    }

    /// A line whose count is off takes the spacing of one whose count is right: a line of
    /// mostly fillers run together gives a poor pitch of its own. Its middle stays where it is.
    private static func commonPitch(_ lines: [TextLine], _ format: MRZFormat) -> [TextLine] {
        guard let exact = lines.first(where: { $0.count == format.lineLength }) else { return lines }
        return lines.map { line in
            guard line.count != format.lineLength else { return line }
            let middle = line.centre(of: line.count / 2)
            var refitted = exact
            refitted.count = line.count
            // Shift the exact line's spacing so that its middle cell lands on this line's middle.
            let along = (middle - refitted.centre(of: line.count / 2)).dot(exact.direction)
            refitted.origin =
                exact.origin + exact.direction * along + exact.direction.normal * (middle - exact.origin).dot(exact.direction.normal)
            return refitted
        }
    }

    /// Whether `line` is the zone line printed under `above`.
    private static func follows(_ line: TextLine, _ above: TextLine) -> Bool {
        guard abs(line.count - above.count) <= 2 * countSlack, abs(line.pitch / above.pitch - 1) < 0.08,
            line.direction.dot(above.direction) > 0.998  // within about 3.5°
        else { return false }
        let offset = line.origin - above.origin
        let down = offset.dot(above.direction.normal) / above.pitch
        let along = offset.dot(above.direction) / above.pitch
        return down > 1.25 && down < 2.4 && abs(along) < 0.8 + Double(countSlack)
    }
}
