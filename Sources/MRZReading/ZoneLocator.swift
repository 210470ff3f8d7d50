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
    static func candidates(_ lines: [TextLine]) -> [ZoneCandidate] {
        let sized = lines.filter { [30, 36, 44].contains($0.count) }
        var zones: [ZoneCandidate] = []
        for first in sized {
            let format: MRZFormat = first.count == 30 ? .td1 : first.count == 36 ? .td2 : .td3
            var zone = [first]
            while zone.count < format.lineCount, let below = sized.first(where: { follows($0, zone[zone.count - 1]) }) {
                zone.append(below)
            }
            if zone.count == format.lineCount { zones.append(ZoneCandidate(format: format, lines: zone)) }
        }
        return zones
    }

    /// Whether `line` is the zone line printed under `above`.
    private static func follows(_ line: TextLine, _ above: TextLine) -> Bool {
        guard line.count == above.count, abs(line.pitch / above.pitch - 1) < 0.08,
            line.direction.dot(above.direction) > 0.998  // within about 3.5°
        else { return false }
        let offset = line.origin - above.origin
        let down = offset.dot(above.direction.normal) / above.pitch
        let along = offset.dot(above.direction) / above.pitch
        return down > 1.25 && down < 2.4 && abs(along) < 0.8
    }
}
