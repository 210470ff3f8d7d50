/// Numbers to and from text the way JavaScript does it, because JSONLogic rules are written and
/// tested against JavaScript's behaviour (`{"cat": [1]}` is `"1"`, `{"+": "3.5kg"}` is `3.5`).
enum JSONLogicNumberText {
    /// JavaScript's `Number.prototype.toString()`: shortest round-trip digits, no `.0` on integers,
    /// exponent form only below 1e-6 or from 1e21.
    static func format(_ number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
        if number == 0 { return "0" }
        if number < 0 { return "-" + format(-number) }
        if number < 9_007_199_254_740_992, number.rounded(.towardZero) == number {
            return String(Int64(number))
        }
        let (digits, pointPosition) = shortestDigits(of: number)
        return layout(digits: digits, pointPosition: pointPosition)
    }

    /// The shortest digits that round-trip (taken from Swift's own shortest formatting) and where the
    /// decimal point falls: the number is `0.digits × 10^pointPosition`.
    private static func shortestDigits(of positive: Double) -> (digits: [Character], pointPosition: Int) {
        let text = positive.description
        let parts = text.split(separator: "e", maxSplits: 1)
        let exponent = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
        let mantissa = parts[0]
        var digits = Array(mantissa.filter { $0 != "." })
        var pointPosition = (mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count)
        pointPosition += exponent
        while digits.first == "0" {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        return (digits, pointPosition)
    }

    /// ECMAScript Number::toString layout of the digits `d₁…dₖ` with the point after `pointPosition` digits.
    private static func layout(digits: [Character], pointPosition: Int) -> String {
        let count = digits.count
        if count <= pointPosition && pointPosition <= 21 {
            return String(digits) + String(repeating: "0", count: pointPosition - count)
        }
        if 0 < pointPosition && pointPosition <= 21 {
            return String(digits[..<pointPosition]) + "." + String(digits[pointPosition...])
        }
        if -6 < pointPosition && pointPosition <= 0 {
            return "0." + String(repeating: "0", count: -pointPosition) + String(digits)
        }
        let exponent = pointPosition - 1
        let exponentText = (exponent < 0 ? "e-" : "e+") + String(abs(exponent))
        if count == 1 { return String(digits) + exponentText }
        return String(digits[0]) + "." + String(digits[1...]) + exponentText
    }

    /// JavaScript's `Number(text)`: the whole string, trimmed, must be a number literal; empty is 0;
    /// anything else is NaN.
    static func number(from text: String) -> Double {
        if let plain = plainDecimal(text) { return plain }
        let scalars = trimmed(Array(text.unicodeScalars))
        if scalars.isEmpty { return 0 }
        if let radixValue = radixInteger(scalars) { return radixValue }
        guard let length = decimalPrefixLength(scalars), length == scalars.count else { return .nan }
        return decimalValue(scalars)
    }

    /// The common case, digits with at most one point, without the general scanner's allocations.
    private static func plainDecimal(_ text: String) -> Double? {
        var sawDigit = false
        var sawPoint = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: ".") where !sawPoint: sawPoint = true
            default: return nil
            }
        }
        return sawDigit ? Double(text) : nil
    }

    /// JavaScript's `parseFloat(text)`: the longest decimal literal at the start (after white space),
    /// NaN when there is none.
    static func parseFloat(_ text: String) -> Double {
        if let plain = plainDecimal(text) { return plain }
        let scalars = Array(text.unicodeScalars)
        let start = scalars.firstIndex { !isWhiteSpace($0) } ?? scalars.endIndex
        let rest = Array(scalars[start...])
        guard let length = decimalPrefixLength(rest) else { return .nan }
        return decimalValue(Array(rest[..<length]))
    }

    /// The value of a validated decimal literal, `Infinity` included.
    private static func decimalValue(_ literal: [Unicode.Scalar]) -> Double {
        var text = String(String.UnicodeScalarView(literal))
        let negative = text.hasPrefix("-")
        if negative || text.hasPrefix("+") { text.removeFirst() }
        let magnitude = text == "Infinity" ? Double.infinity : Double(text) ?? .nan
        return negative ? -magnitude : magnitude
    }

    /// Length of the longest prefix that is a StrDecimalLiteral: `[+-]? (Infinity | digits [. digits] | . digits) [e[+-]digits]`.
    private static func decimalPrefixLength(_ scalars: [Unicode.Scalar]) -> Int? {
        var index = 0
        if index < scalars.count, scalars[index] == "+" || scalars[index] == "-" { index += 1 }
        let infinity = Array("Infinity".unicodeScalars)
        if scalars.count - index >= infinity.count, Array(scalars[index..<index + infinity.count]) == infinity {
            return index + infinity.count
        }
        let integerDigits = digitRun(scalars, from: index)
        index += integerDigits
        var fractionDigits = 0
        if index < scalars.count, scalars[index] == "." {
            fractionDigits = digitRun(scalars, from: index + 1)
            if integerDigits > 0 || fractionDigits > 0 { index += 1 + fractionDigits }
        }
        guard integerDigits > 0 || fractionDigits > 0 else { return nil }
        if index < scalars.count, scalars[index] == "e" || scalars[index] == "E" {
            var exponentStart = index + 1
            if exponentStart < scalars.count, scalars[exponentStart] == "+" || scalars[exponentStart] == "-" { exponentStart += 1 }
            let exponentDigits = digitRun(scalars, from: exponentStart)
            if exponentDigits > 0 { index = exponentStart + exponentDigits }
        }
        return index
    }

    private static func digitRun(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var index = start
        while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
        return index - start
    }

    /// `0x`, `0o` and `0b` integers, which `Number()` accepts (unsigned only) and `parseFloat` does not.
    private static func radixInteger(_ scalars: [Unicode.Scalar]) -> Double? {
        guard scalars.count > 2, scalars[0] == "0" else { return nil }
        let radix: UInt32
        switch scalars[1] {
        case "x", "X": radix = 16
        case "o", "O": radix = 8
        case "b", "B": radix = 2
        default: return nil
        }
        var value = 0.0
        for scalar in scalars[2...] {
            guard let digit = Character(scalar).hexDigitValue, UInt32(digit) < radix else { return .nan }
            value = value * Double(radix) + Double(digit)
        }
        return value
    }

    private static func trimmed(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard let first = scalars.firstIndex(where: { !isWhiteSpace($0) }),
            let last = scalars.lastIndex(where: { !isWhiteSpace($0) })
        else { return [] }
        return Array(scalars[first...last])
    }

    /// ECMAScript WhiteSpace and LineTerminator code points.
    private static func isWhiteSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0xFEFF, 0x2028, 0x2029: return true
        default: return scalar.properties.generalCategory == .spaceSeparator
        }
    }
}
