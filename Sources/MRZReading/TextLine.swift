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
/// cell `i` is centred at `origin + direction · pitch · i`.
struct TextLine: Sendable, Equatable {
    var origin: Point
    /// Unit length, along the reading direction.
    var direction: Point
    var pitch: Double
    var count: Int

    func centre(of cell: Int) -> Point { origin + direction * (pitch * Double(cell)) }

    /// The same line read from its other end, as in a photo turned upside down.
    var reversed: TextLine {
        TextLine(origin: centre(of: count - 1), direction: direction * -1, pitch: pitch, count: count)
    }

    /// The angle of the line to the image's rows, in degrees.
    var degrees: Double { atan2(direction.y, direction.x) * 180 / .pi }
}
