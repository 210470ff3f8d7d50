/// Finds rows of evenly spaced, equally tall blots of ink — lines of fixed-pitch text — and fits
/// each one's start, direction, pitch and number of cells.
///
/// Each blot links to its nearest plausible neighbour on the right (about one character's height
/// away, about level, about as tall); chains of links long enough to be a zone's line are fitted
/// with least squares, then extended along the fitted line over what the chaining missed (blots
/// run together by blur, a character washed out by glare) to find where the line starts and ends.
struct TextLineFinder {
    let boxes: [InkBox]
    /// The shortest chain worth fitting: well under a TD1 line's 30 characters, since blur breaks chains.
    static let minimumChain = 8

    func lines() -> [TextLine] {
        let glyphs = boxes.indices.filter { isGlyphLike(boxes[$0]) }
        let grid = BoxGrid(boxes: boxes, members: glyphs)
        var next = [Int](repeating: -1, count: boxes.count)
        var previous = [Int](repeating: -1, count: boxes.count)
        var linkLength = [Double](repeating: .infinity, count: boxes.count)
        for index in glyphs {
            guard let neighbour = rightNeighbour(of: index, in: grid) else { continue }
            let dx = boxes[neighbour].centreX - boxes[index].centreX
            if previous[neighbour] >= 0 {
                guard dx < linkLength[neighbour] else { continue }
                next[previous[neighbour]] = -1
            }
            next[index] = neighbour
            previous[neighbour] = index
            linkLength[neighbour] = dx
        }
        var found: [(line: TextLine, support: Int)] = []
        for start in glyphs where previous[start] < 0 && next[start] >= 0 {
            var chain = [start]
            while let last = chain.last, next[last] >= 0 { chain.append(next[last]) }
            guard chain.count >= Self.minimumChain, let line = fit(chain) else { continue }
            found.append((line, chain.count))
        }
        return Self.distinct(found)
    }

    private func isGlyphLike(_ box: InkBox) -> Bool {
        let (width, height) = (box.width, box.height)
        return height >= 6 && height <= 120 && width <= 1.6 * height && width >= 0.12 * height
            && Double(box.pixels) >= 0.08 * width * height
    }

    private func rightNeighbour(of index: Int, in grid: BoxGrid) -> Int? {
        let box = boxes[index]
        let height = box.height
        var best: Int?
        var bestDistance = Double.infinity
        grid.forEach(near: box.centreX + 1.1 * height, box.centreY, radius: 0.8 * height) { other in
            let candidate = boxes[other]
            let dx = candidate.centreX - box.centreX
            let dy = abs(candidate.centreY - box.centreY)
            let ratio = candidate.height / height
            guard dx >= 0.45 * height, dx <= 1.8 * height, dy <= 0.2 * height + 0.2 * dx,
                ratio >= 0.7, ratio <= 1.45, dx < bestDistance
            else { return }
            best = other
            bestDistance = dx
        }
        return best
    }

    /// Fits a chain, then refits over every character-sized blot on its line (the chain may
    /// cover only part of it): the direction by least squares through their centres, the pitch
    /// and start by least squares of position against cell number; then finds the line's ends.
    private func fit(_ chain: [Int]) -> TextLine? {
        let heights = chain.map { boxes[$0].height }.sorted()
        let height = heights[heights.count / 2]
        guard var estimate = self.estimate(chain.map { centre(of: $0) }) else { return nil }
        // The line's ends as points, so they survive a refit moving the origin.
        let chainEnds = chain.map { centre(of: $0) }.sorted { $0.x < $1.x }
        let margin = estimate.direction * (0.35 * estimate.pitch)
        var ends = (chainEnds[0] - margin, chainEnds[chainEnds.count - 1] + margin)
        for _ in 0..<2 {
            let (low, high) = extent(estimate, height: height, from: ends.0, to: ends.1)
            ends = (estimate.origin + estimate.direction * low, estimate.origin + estimate.direction * high)
            let members = onLine(estimate, height: height).filter { index in
                let along = (centre(of: index) - estimate.origin).dot(estimate.direction)
                return boxes[index].width <= 1.1 * estimate.pitch && along >= low && along <= high
            }
            guard members.count >= Self.minimumChain, let refined = self.estimate(members.map { centre(of: $0) }, pitch: estimate.pitch)
            else { return nil }
            estimate = refined
        }
        let low = (ends.0 - estimate.origin).dot(estimate.direction)
        let high = (ends.1 - estimate.origin).dot(estimate.direction)
        // The ink of an OCR-B character spans about 0.7 of the pitch, centred in its cell.
        let firstCell = estimate.cell(at: low + 0.35 * estimate.pitch).rounded()
        let lastCell = estimate.cell(at: high - 0.35 * estimate.pitch).rounded()
        guard lastCell >= firstCell else { return nil }
        return estimate.cells(from: Int(firstCell), count: Int(lastCell - firstCell) + 1)
    }

    private func centre(of index: Int) -> Point { Point(x: boxes[index].centreX, y: boxes[index].centreY) }

    /// A line through `centres` with cells `pitch` apart (from the spacing of neighbours when
    /// not given): its origin is the centre of some cell, not necessarily the first.
    private func estimate(_ centres: [Point], pitch given: Double? = nil) -> TextLine? {
        let ordered = centres.sorted { $0.x < $1.x }
        guard let slope = Fit.slope(ordered) else { return nil }
        let length = (1 + slope * slope).squareRoot()
        let direction = Point(x: 1 / length, y: slope / length)
        let first = ordered[0]
        let along = ordered.map { ($0 - first).dot(direction) }
        let steps = zip(along.dropFirst(), along).map { $0 - $1 }
        // Neighbours one cell apart give the pitch; wider gaps (a blot missed) are whole multiples.
        let guess = given ?? steps.sorted()[steps.count / 2]
        let single = steps.filter { $0 > 0.8 * guess && $0 < 1.25 * guess }.sorted()
        guard guess > 3, !single.isEmpty else { return nil }
        let roughPitch = single[single.count / 2]
        // Cell numbers from neighbour to neighbour, so that a small error in the pitch does not
        // add up along the line into a wrong number at its far end.
        var cells = [0.0]
        for step in steps { cells.append(cells[cells.count - 1] + max(1, (step / roughPitch).rounded())) }
        let across = ordered.map { ($0 - first).dot(direction.normal) }.sorted()
        let base = first + direction.normal * across[across.count / 2]
        // The square term once there are cells enough to tell it from noise, and only as much as
        // a mild perspective gives (the pitch changing by under a fifth along the line).
        if given != nil, cells.count >= 16, let (start, pitch, curvature) = Fit.quadratic(x: cells, y: along), pitch > 3,
            abs(curvature) * (cells.last ?? 0) < 0.1 * pitch
        {
            return TextLine(origin: base + direction * start, direction: direction, pitch: pitch, count: 0, curvature: curvature)
        }
        guard let (start, pitch) = Fit.line(x: cells, y: along), pitch > 3 else { return nil }
        return TextLine(origin: base + direction * start, direction: direction, pitch: pitch, count: 0)
    }

    /// Blots of about the line's height whose centres lie on it.
    private func onLine(_ line: TextLine, height: Double) -> [Int] {
        boxes.indices.filter { index in
            let box = boxes[index]
            guard box.height >= 0.3 * height, box.height <= 1.6 * height else { return false }
            return abs((centre(of: index) - line.origin).dot(line.direction.normal)) <= 0.35 * height
        }
    }

    /// Where the ink of the line ends on each side, along it from its origin: walking out from
    /// the ink between `from` and `to` over blots of any width on the line while the gaps stay
    /// under one and a half cells.
    private func extent(_ line: TextLine, height: Double, from: Point, to: Point) -> (Double, Double) {
        var spans = onLine(line, height: height).map { index in
            let middle = (centre(of: index) - line.origin).dot(line.direction)
            return (middle - boxes[index].width / 2, middle + boxes[index].width / 2)
        }
        spans.sort { $0.0 < $1.0 }
        var low = (from - line.origin).dot(line.direction)
        var high = (to - line.origin).dot(line.direction)
        let gap = 1.5 * line.pitch
        for span in spans where span.0 <= high + gap && span.1 >= high { high = max(high, span.1) }
        for span in spans.reversed() where span.1 >= low - gap && span.0 <= low { low = min(low, span.0) }
        return (low, high)
    }

    /// One line for each row of text, the best supported, when chains broken apart found it twice.
    private static func distinct(_ found: [(line: TextLine, support: Int)]) -> [TextLine] {
        var kept: [(line: TextLine, support: Int)] = []
        for candidate in found.sorted(by: { $0.support > $1.support }) {
            let duplicate = kept.contains { other in
                let offset = candidate.line.origin - other.line.origin
                return abs(offset.dot(other.line.direction.normal)) < 0.4 * other.line.pitch
                    && abs(candidate.line.pitch - other.line.pitch) < 0.1 * other.line.pitch
                    && abs(offset.dot(other.line.direction)) < Double(other.line.count) * other.line.pitch
            }
            if !duplicate { kept.append(candidate) }
        }
        return kept.map(\.line)
    }
}

/// Least squares fits.
enum Fit {
    /// The slope of the line through `points` (y against x); nil when they stand in one column.
    static func slope(_ points: [Point]) -> Double? {
        line(x: points.map(\.x), y: points.map(\.y)).map(\.slope)
    }

    /// The intercept and slope of y against x; nil when x does not vary.
    static func line(x: [Double], y: [Double]) -> (intercept: Double, slope: Double)? {
        let n = Double(x.count)
        guard n >= 2 else { return nil }
        let meanX = x.reduce(0, +) / n
        let meanY = y.reduce(0, +) / n
        var sxx = 0.0
        var sxy = 0.0
        for (a, b) in zip(x, y) {
            sxx += (a - meanX) * (a - meanX)
            sxy += (a - meanX) * (b - meanY)
        }
        guard sxx > 0 else { return nil }
        let slope = sxy / sxx
        return (meanY - slope * meanX, slope)
    }
}

extension Fit {
    /// The least squares y = a + b·x + c·x²; nil when x takes fewer than three values.
    static func quadratic(x: [Double], y: [Double]) -> (Double, Double, Double)? {
        // Normal equations, centred on the mean of x for conditioning.
        let n = Double(x.count)
        let mean = x.reduce(0, +) / n
        var (s1, s2, s3, s4, t0, t1, t2) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        for (xi, yi) in zip(x, y) {
            let u = xi - mean
            s1 += u
            s2 += u * u
            s3 += u * u * u
            s4 += u * u * u * u
            t0 += yi
            t1 += u * yi
            t2 += u * u * yi
        }
        let m = [[n, s1, s2], [s1, s2, s3], [s2, s3, s4]]
        let det =
            m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
        guard abs(det) > 1e-9 else { return nil }
        // Cramer's rule.
        func replaced(_ column: Int) -> Double {
            var a = m
            for row in 0..<3 { a[row][column] = [t0, t1, t2][row] }
            return a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0])
        }
        let (a, b, c) = (replaced(0) / det, replaced(1) / det, replaced(2) / det)
        // Back from u = x - mean: y = a + b(x - m) + c(x - m)².
        return (a - b * mean + c * mean * mean, b - 2 * c * mean, c)
    }
}

/// The glyph-like boxes bucketed by centre, to find a box's neighbours without scanning them all.
struct BoxGrid {
    private let cell = 24.0
    private var buckets: [Int64: [Int]] = [:]
    private let boxes: [InkBox]

    init(boxes: [InkBox], members: [Int]) {
        self.boxes = boxes
        for index in members {
            buckets[key(boxes[index].centreX, boxes[index].centreY), default: []].append(index)
        }
    }

    func forEach(near x: Double, _ y: Double, radius: Double, _ body: (Int) -> Void) {
        let (x0, x1) = (Int64(((x - radius) / cell).rounded(.down)), Int64(((x + radius) / cell).rounded(.down)))
        let (y0, y1) = (Int64(((y - radius) / cell).rounded(.down)), Int64(((y + radius) / cell).rounded(.down)))
        for bx in x0...x1 {
            for by in y0...y1 { buckets[bx << 32 | (by & 0xFFFF_FFFF)]?.forEach(body) }
        }
    }

    private func key(_ x: Double, _ y: Double) -> Int64 {
        let bx = Int64((x / cell).rounded(.down))
        let by = Int64((y / cell).rounded(.down))
        return bx << 32 | (by & 0xFFFF_FFFF)
    }
}
