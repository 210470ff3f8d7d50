import Verification

/// Two or three lines that together look like a machine readable zone, in reading order.
struct ZoneCandidate: Sendable {
    var format: MRZFormat
    var lines: [TextLine]

    /// The same zone read from its other end, as in a photo turned upside down.
    var reversed: ZoneCandidate { ZoneCandidate(format: format, lines: lines.reversed().map(\.reversed)) }

    var pitch: Double { lines.map(\.pitch).reduce(0, +) / Double(lines.count) }

    /// The same format on the same lines, to within half a cell.
    func isSame(as other: ZoneCandidate) -> Bool {
        format == other.format && lines.count == other.lines.count
            && zip(lines, other.lines).allSatisfy { a, b in
                let offset = a.origin - b.origin
                return abs(offset.x) + abs(offset.y) < 0.5 * a.pitch && abs(a.count - b.count) <= 1
                    && abs(a.pitch - b.pitch) < 0.05 * a.pitch
            }
    }
}

/// Picks, among lines of fixed-pitch text, those that form a zone: 3 lines of 30 cells (TD1) or
/// 2 of 36 (TD2) or 44 (TD3), parallel, of one pitch, starting one above the other, about
/// 4.23 mm apart for a 2.54 mm pitch (Doc 9303 prints six lines to the inch, ten characters).
///
/// One line found whole is enough to lay out the others: the zone's lines share its direction,
/// pitch and start, so a partner found only in part (a reflection or a shadow across it broke it
/// up) is taken at its distance from the whole one, with the whole one's cells.
enum ZoneLocator {
    /// How many cells a line's count may be off by (ink beside the zone taken for a character,
    /// fillers run together by blur): the reader tries each placement of the zone's cells.
    static let countSlack = 3
    /// The shortest piece of a line that can place a partner of a whole one.
    static let minimumPiece = 8
    /// At most this many zones are read from one photo, those whose lines' lengths fit their
    /// format best first: a page of monospaced text must not cost a read per pair of its lines.
    static let maximumCandidates = 12

    static func candidates(_ lines: [TextLine]) -> [ZoneCandidate] {
        var zones: [ZoneCandidate] = []
        for format in [MRZFormat.td1, .td2, .td3] {
            for anchor in lines where abs(anchor.count - format.lineLength) <= countSlack {
                let offsets = partnerOffsets(of: anchor, among: lines)
                for run in runs(of: offsets, length: format.lineCount, pitch: anchor.pitch) {
                    let placed = run.map { offset in
                        var line = anchor
                        line.origin = anchor.origin + anchor.direction.normal * offset
                        return line
                    }
                    let zone = ZoneCandidate(format: format, lines: placed)
                    // Each of a zone's whole lines anchors it again: read it once.
                    if !zones.contains(where: { $0.isSame(as: zone) }) { zones.append(zone) }
                }
            }
        }
        let misfit = { (zone: ZoneCandidate) in zone.lines.reduce(0) { $0 + abs($1.count - zone.format.lineLength) } }
        return Array(zones.sorted { misfit($0) < misfit($1) }.prefix(maximumCandidates))
    }

    /// How far (along the anchor's normal, in pixels) each line parallel to it lies, for lines
    /// near enough to be its zone's others; 0 for the anchor itself.
    private static func partnerOffsets(of anchor: TextLine, among lines: [TextLine]) -> [Double] {
        var offsets = [0.0]
        for line in lines where line != anchor && line.count >= minimumPiece {
            guard abs(line.pitch / anchor.pitch - 1) < 0.12, abs(line.direction.dot(anchor.direction)) > 0.998 else { continue }
            let offset = (line.origin - anchor.origin).dot(anchor.direction.normal)
            let distance = abs(offset) / anchor.pitch
            guard distance > 1.25, distance < 2 * 2.4 else { continue }
            // Beside the anchor, not far along its line.
            let along = (line.origin - anchor.origin).dot(anchor.direction) / anchor.pitch
            guard along > -Double(countSlack) - 1, along < Double(anchor.count) else { continue }
            if !offsets.contains(where: { abs($0 - offset) < 0.5 * anchor.pitch }) { offsets.append(offset) }
        }
        return offsets.sorted()
    }

    /// Runs of `length` offsets, consecutive ones 1.25 to 2.4 pitches apart, that include 0
    /// (the anchor).
    private static func runs(of offsets: [Double], length: Int, pitch: Double) -> [[Double]] {
        var found: [[Double]] = []
        func extend(_ run: [Double]) {
            if run.count == length {
                if run.contains(0) { found.append(run) }
                return
            }
            let last = run[run.count - 1]
            for next in offsets where next > last {
                let gap = next - last
                if gap > 1.25 * pitch, gap < 2.4 * pitch { extend(run + [next]) }
            }
        }
        for start in offsets where start <= 0 { extend([start]) }
        return found
    }
}
