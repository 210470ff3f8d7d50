import Foundation

/// A point or a direction in image coordinates (x to the right, y down).
struct Point: Sendable, Equatable {
    var x: Double
    var y: Double

    static func + (a: Point, b: Point) -> Point { Point(x: a.x + b.x, y: a.y + b.y) }
    static func - (a: Point, b: Point) -> Point { Point(x: a.x - b.x, y: a.y - b.y) }
    static func * (a: Point, k: Double) -> Point { Point(x: a.x * k, y: a.y * k) }
    func dot(_ other: Point) -> Double { x * other.x + y * other.y }
    /// The direction a quarter turn clockwise on screen: "down" for a line read along `self`.
    var normal: Point { Point(x: -y, y: x) }
}

/// A straight row of evenly spaced characters, as a machine readable zone's lines are printed:
/// cell `i` is centred at `origin + direction · (pitch · i + curvature · i²)`. The square term
/// is perspective: a document tilted away from the camera shows its far end's cells closer together.
struct TextLine: Sendable, Equatable {
    var origin: Point
    /// Unit length, along the reading direction.
    var direction: Point
    /// The spacing of cells 0 and 1.
    var pitch: Double
    var count: Int
    var curvature = 0.0

    func centre(of cell: Int) -> Point {
        let i = Double(cell)
        return origin + direction * (pitch * i + curvature * i * i)
    }

    /// The (fractional) cell number at `distance` along the line from the origin.
    func cell(at distance: Double) -> Double {
        guard abs(curvature) > 1e-12 else { return distance / pitch }
        let root = (pitch * pitch + 4 * curvature * distance).squareRoot()
        return (root - pitch) / (2 * curvature)
    }

    /// The spacing of the cells around `cell`.
    func pitch(at cell: Int) -> Double { pitch + 2 * curvature * Double(cell) }

    /// The `count` cells from `cell` on, numbered from 0.
    func cells(from cell: Int, count: Int) -> TextLine {
        TextLine(origin: centre(of: cell), direction: direction, pitch: pitch(at: cell), count: count, curvature: curvature)
    }

    /// The same line read from its other end, as in a photo turned upside down.
    var reversed: TextLine {
        TextLine(
            origin: centre(of: count - 1),
            direction: direction * -1,
            pitch: pitch(at: count - 1),
            count: count,
            curvature: -curvature
        )
    }

    /// The angle of the line to the image's rows, in degrees.
    var degrees: Double { atan2(direction.y, direction.x) * 180 / .pi }
}
