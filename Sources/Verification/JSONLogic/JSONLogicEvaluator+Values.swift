import Base

/// Arithmetic folds, strings and array membership.
extension JSONLogicEvaluator {
    mutating func fold(_ kind: JSONLogicFold, _ operands: [JSONLogicNode], _ data: JSONValue, at path: String) throws(JSONLogicError)
        -> JSONValue
    {
        switch kind {
        case .sum:
            var total = 0.0
            for operand in operands { total += try parsedFloat(try evaluate(operand, data), at: path) }
            return .number(total)
        case .product:
            var total = 1.0
            for operand in operands { total *= try parsedFloat(try evaluate(operand, data), at: path) }
            return .number(total)
        case .minimum, .maximum:
            return .number(try extreme(operands, data, smallest: kind == .minimum, at: path))
        case .concatenation:
            var result = ""
            for operand in operands {
                let value = try evaluate(operand, data)
                if case .null = value { continue }
                let part = try text(value, at: path)
                try spend(part.utf8.count, at: path)
                result += part
            }
            return .string(result)
        case .merge:
            var result: [JSONValue] = []
            for operand in operands {
                let value = try evaluate(operand, data)
                if case .array(let elements) = value {
                    try spend(elements.count, at: path)
                    result.append(contentsOf: elements)
                } else {
                    result.append(value)
                }
            }
            return .array(result)
        }
    }

    /// `Math.min` / `Math.max`: NaN if any operand is not a number, and -0 below +0.
    private mutating func extreme(_ operands: [JSONLogicNode], _ data: JSONValue, smallest: Bool, at path: String)
        throws(JSONLogicError) -> Double
    {
        var best = smallest ? Double.infinity : -Double.infinity
        for operand in operands {
            let candidate = try number(try evaluate(operand, data), at: path)
            if candidate.isNaN { return .nan }
            let better =
                smallest
                ? candidate < best || (candidate == best && candidate.sign == .minus)
                : candidate > best || (candidate == best && candidate.sign == .plus)
            if better { best = candidate }
        }
        return best
    }

    /// `in`: a substring of text, or a strictly equal element of an array; false for anything else.
    mutating func contains(_ needle: JSONValue, in haystack: JSONValue, at path: String) throws(JSONLogicError) -> Bool {
        switch haystack {
        case .string(let text):
            let wanted = try self.text(needle, at: path)
            try spend(text.utf8.count, at: path)
            return wanted.isEmpty || text.utf8.firstRange(of: wanted.utf8) != nil
        case .array(let elements):
            try spend(elements.count, at: path)
            for element in elements where try strictlyEqual(needle, element, depth: 1, at: path) { return true }
            return false
        default:
            return false
        }
    }

    /// JSONLogic's `substr`: JavaScript's `String.prototype.substr`, plus a negative length meaning
    /// "stop that many characters before the end".
    ///
    /// Positions count Unicode scalars, which equal JavaScript's UTF-16 units for all text outside the
    /// astral planes and never split a character's encoding.
    mutating func substring(_ text: String, start: Double, length: Double?, at path: String) throws(JSONLogicError) -> String {
        let scalars = Array(text.unicodeScalars)
        try spend(scalars.count, at: path)
        let range: Range<Int>
        if let length, length < 0 {
            let tail = Self.substrRange(count: scalars.count, start: start, length: nil)
            let kept = Self.substrRange(count: tail.count, start: 0, length: Double(tail.count) + length)
            range = (tail.lowerBound + kept.lowerBound)..<(tail.lowerBound + kept.upperBound)
        } else {
            range = Self.substrRange(count: scalars.count, start: start, length: length)
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[range])
        return String(result)
    }

    /// The range `String.prototype.substr(start, length)` selects from `count` units.
    private static func substrRange(count: Int, start: Double, length: Double?) -> Range<Int> {
        let size = Double(count)
        var from = integer(start)
        from = from < 0 ? max(size + from, 0) : min(from, size)
        let span = min(max(length.map(integer) ?? size, 0), size)
        let end = min(from + span, size)
        return Int(from)..<Int(end)
    }

    /// `ToIntegerOrInfinity`: NaN is 0, fractions truncate toward zero.
    private static func integer(_ number: Double) -> Double {
        number.isNaN ? 0 : number.rounded(.towardZero)
    }
}
