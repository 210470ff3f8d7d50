/// Jaro-Winkler similarity (Winkler 1990) over any sequence of comparable units.
///
/// Winkler's original parameters: the common prefix (at most 4 units) lifts the Jaro score by 0.1 per unit
/// of the remaining gap, and only when the Jaro score is above 0.7, so strings that share little else
/// are not promoted by a shared first letter.
enum JaroWinkler {
    static let prefixScale = 0.1
    static let maxPrefixLength = 4
    static let boostThreshold = 0.7

    /// Identical sequences (both empty included) score 1; one empty sequence scores 0.
    static func similarity<Unit: Equatable>(_ a: [Unit], _ b: [Unit]) -> Double {
        a.withUnsafeBufferPointer { left in
            b.withUnsafeBufferPointer { right in similarity(left, right) }
        }
    }

    static func similarity<Unit: Equatable>(_ a: UnsafeBufferPointer<Unit>, _ b: UnsafeBufferPointer<Unit>) -> Double {
        if a.elementsEqual(b) { return 1 }
        if a.isEmpty || b.isEmpty { return 0 }
        let jaro = jaroSimilarity(a, b)
        guard jaro > boostThreshold else { return jaro }
        var prefix = 0
        let prefixLimit = min(maxPrefixLength, a.count, b.count)
        while prefix < prefixLimit && a[prefix] == b[prefix] { prefix += 1 }
        return jaro + Double(prefix) * prefixScale * (1 - jaro)
    }

    /// The Jaro score of two non-empty sequences.
    ///
    /// Units count as matching when equal and no further apart than half the longer length minus one;
    /// the match flags live in one stack buffer so scoring a pair of names allocates nothing.
    private static func jaroSimilarity<Unit: Equatable>(_ a: UnsafeBufferPointer<Unit>, _ b: UnsafeBufferPointer<Unit>) -> Double {
        withUnsafeTemporaryAllocation(of: Bool.self, capacity: a.count + b.count) { flags in
            flags.initialize(repeating: false)
            let aMatched = UnsafeMutableBufferPointer(rebasing: flags[0..<a.count])
            let bMatched = UnsafeMutableBufferPointer(rebasing: flags[a.count...])
            let window = max(0, max(a.count, b.count) / 2 - 1)
            var matches = 0
            for i in 0..<a.count {
                let low = max(0, i - window)
                let high = min(b.count - 1, i + window)
                guard low <= high else { continue }
                for j in low...high where !bMatched[j] && a[i] == b[j] {
                    aMatched[i] = true
                    bMatched[j] = true
                    matches += 1
                    break
                }
            }
            guard matches > 0 else { return 0 }
            var outOfOrder = 0
            var j = 0
            for i in 0..<a.count where aMatched[i] {
                while !bMatched[j] { j += 1 }
                if a[i] != b[j] { outOfOrder += 1 }
                j += 1
            }
            let m = Double(matches)
            let transpositions = Double(outOfOrder / 2)
            return (m / Double(a.count) + m / Double(b.count) + (m - transpositions) / m) / 3
        }
    }
}
