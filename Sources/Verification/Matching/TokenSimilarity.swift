/// How much one name word vouches for another, 0...1.
enum TokenSimilarity {
    /// An initial is consistent with a name but says little about it.
    static let initialCredit = 0.6
    /// Jaro-Winkler rates unrelated names that share a few letters between 0.6 and 0.8 (ERIKSSON and
    /// LARSSON: 0.78), while one typo in a real name keeps it above about 0.88 (SMITH and SMOTH: 0.89).
    /// Below `unrelatedBelow` a pair earns nothing; between the two bounds the credit ramps up linearly.
    static let unrelatedBelow = 0.7
    static let trustedFrom = 0.88

    /// The best Jaro-Winkler over both spellings of each word, so MÜLLER meets MULLER and MUELLER alike.
    static func credit(_ a: NameToken, _ b: NameToken) -> Double {
        if a.isInitial || b.isInitial { return initialCredit(a.plain, b.plain) }
        var best = JaroWinkler.similarity(a.plain, b.plain)
        if let aIcao = a.icao, best < 1 {
            best = max(best, JaroWinkler.similarity(aIcao, b.plain))
            if let bIcao = b.icao { best = max(best, JaroWinkler.similarity(aIcao, bIcao)) }
        }
        if let bIcao = b.icao, best < 1 {
            best = max(best, JaroWinkler.similarity(a.plain, bIcao))
        }
        return discounted(best)
    }

    private static func initialCredit(_ a: [UInt8], _ b: [UInt8]) -> Double {
        guard a.first == b.first else { return 0 }
        return a.count == b.count ? 1 : initialCredit
    }

    private static func discounted(_ similarity: Double) -> Double {
        if similarity >= trustedFrom { return similarity }
        if similarity <= unrelatedBelow { return 0 }
        return trustedFrom * (similarity - unrelatedBelow) / (trustedFrom - unrelatedBelow)
    }
}
