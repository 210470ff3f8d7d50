/// Pairs the words of two names and rates how much of each name the other accounts for.
enum NameAlignment {
    /// A surname counts twice a given name, shared among its words (GARCIA LOPEZ: 1 each),
    /// so that a matching first name cannot make up for a different family name.
    static let surnameWeight = 2.0
    /// The best-matching given name is the one the person goes by; it counts fully.
    static let mainGivenNameWeight = 1.0
    /// Further given names are often left out of a profile, or missing from a short MRZ.
    static let extraGivenNameWeight = 0.15

    /// The weighted share of both names' words that found a counterpart, each word counting its pair's credit.
    static func score(profile: [NameToken], document: [NameToken]) -> Double {
        guard !profile.isEmpty, !document.isEmpty else { return 0 }
        let pairCount = profile.count * document.count
        // One stack buffer: every pair's credit, then each profile word's credit, then each document word's.
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: pairCount + profile.count + document.count) { buffer in
            let pairCredit = UnsafeMutableBufferPointer(rebasing: buffer[..<pairCount])
            let profileCredit = UnsafeMutableBufferPointer(rebasing: buffer[pairCount..<pairCount + profile.count])
            let documentCredit = UnsafeMutableBufferPointer(rebasing: buffer[(pairCount + profile.count)...])
            for (row, a) in profile.enumerated() {
                for (column, b) in document.enumerated() {
                    pairCredit[row * document.count + column] = TokenSimilarity.credit(a, b)
                }
            }
            pairGreedily(pairCredit, rowCredit: profileCredit, columnCredit: documentCredit)
            let profileShare = weightedCredit(profile, UnsafeBufferPointer(profileCredit))
            let documentShare = weightedCredit(document, UnsafeBufferPointer(documentCredit))
            return min(1, (profileShare.earned + documentShare.earned) / (profileShare.possible + documentShare.possible))
        }
    }

    /// Each word's credit after pairing the best-scoring pair first, then the best of the rest, and so on;
    /// words left without a partner get 0. Word order plays no part, so swapped first and last names still pair.
    private static func pairGreedily(
        _ pairCredit: UnsafeMutableBufferPointer<Double>,
        rowCredit: UnsafeMutableBufferPointer<Double>,
        columnCredit: UnsafeMutableBufferPointer<Double>
    ) {
        let columns = columnCredit.count
        rowCredit.initialize(repeating: -1)  // -1: not paired yet
        columnCredit.initialize(repeating: -1)
        for _ in 0..<min(rowCredit.count, columns) {
            var best = (credit: 0.0, row: -1, column: -1)
            for row in 0..<rowCredit.count where rowCredit[row] < 0 {
                for column in 0..<columns where columnCredit[column] < 0 && pairCredit[row * columns + column] > best.credit {
                    best = (pairCredit[row * columns + column], row, column)
                }
            }
            guard best.row >= 0 else { break }
            rowCredit[best.row] = best.credit
            columnCredit[best.column] = best.credit
        }
        for row in 0..<rowCredit.count where rowCredit[row] < 0 { rowCredit[row] = 0 }
        for column in 0..<columns where columnCredit[column] < 0 { columnCredit[column] = 0 }
    }

    private static func weightedCredit(_ tokens: [NameToken], _ credits: UnsafeBufferPointer<Double>) -> (earned: Double, possible: Double)
    {
        var surnameCount = 0
        var mainGivenName = -1
        for (index, token) in tokens.enumerated() {
            if token.role == .surname {
                surnameCount += 1
            } else if mainGivenName < 0 || credits[index] > credits[mainGivenName] {
                mainGivenName = index
            }
        }
        var earned = 0.0
        var possible = 0.0
        for (index, token) in tokens.enumerated() {
            let weight: Double
            if token.role == .surname {
                weight = surnameWeight / Double(surnameCount)
            } else {
                weight = index == mainGivenName ? mainGivenNameWeight : extraGivenNameWeight
            }
            earned += weight * credits[index]
            possible += weight
        }
        return (earned, possible)
    }
}
