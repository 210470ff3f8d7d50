import Base

/// A `var` name split once at compile time: `"pie.filling"`, `"items.0.qty"`, or `""` for the whole data.
struct JSONLogicVariablePath: Sendable {
    /// One dotted segment; `index` is set when the segment could address an array element.
    struct Segment: Sendable {
        let key: String
        let index: Int?
    }

    /// Empty for `""`, which names the data itself.
    let segments: [Segment]

    init(_ name: String) {
        guard !name.isEmpty else {
            segments = []
            return
        }
        segments = name.split(separator: ".", omittingEmptySubsequences: false).map { part in
            Segment(key: String(part), index: JSONLogicVariablePath.arrayIndex(part))
        }
    }

    /// The value at this path, or nil when any segment is absent (JavaScript's `undefined`).
    ///
    /// A `null` found at the end is returned as `null`; a `null` met half-way means "absent".
    func resolve(in data: JSONValue) -> JSONValue? {
        var current = data
        for segment in segments {
            switch current {
            case .object(let members):
                guard let member = members[segment.key] else { return nil }
                current = member
            case .array(let elements):
                guard let index = segment.index, index < elements.count else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    /// JavaScript array indexes are canonical non-negative integers: `"1"` is one, `"01"` and `"-1"` are not.
    private static func arrayIndex(_ part: Substring) -> Int? {
        guard let first = part.utf8.first, part.utf8.count <= 15, part.utf8.allSatisfy({ (48...57).contains($0) }) else {
            return nil
        }
        if first == UInt8(ascii: "0") && part.utf8.count > 1 { return nil }
        return Int(part)
    }
}
