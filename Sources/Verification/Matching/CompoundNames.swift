/// Rejoins name parts that one side wrote apart and the other wrote as one word.
///
/// ICAO 9303 drops apostrophes rather than turning them into fillers (O'Brien → OBRIEN), and people
/// split or join particles as they please (Van der Berg, VANDERBERG), so the separated parts would
/// otherwise pair poorly or not at all.
enum CompoundNames {
    /// `tokens` with each run of adjacent words of one role replaced by their concatenation where that
    /// concatenation is exactly one of `other`'s words; the longest such run wins.
    static func joined(_ tokens: [NameToken], toMatch other: [NameToken]) -> [NameToken] {
        var result = tokens
        var start = 0
        while start < result.count - 1 {
            if let compound = longestCompound(in: result, from: start, matching: other) {
                result.replaceSubrange(start..<start + compound.parts, with: CollectionOfOne(compound.token))
            }
            start += 1
        }
        return result
    }

    private static func longestCompound(
        in tokens: [NameToken],
        from start: Int,
        matching other: [NameToken]
    ) -> (token: NameToken, parts: Int)? {
        var end = start + 1
        while end < tokens.count && tokens[end].role == tokens[start].role { end += 1 }
        var parts = end - start
        while parts > 1 {
            let words = tokens[start..<start + parts]
            if other.contains(where: { couldSpell(words, $0) }) {
                let compound = concatenation(words)
                if other.contains(where: { spelledAlike(compound, $0) }) { return (compound, parts) }
            }
            parts -= 1
        }
        return nil
    }

    /// A cheap length check that spares building most concatenations that cannot match.
    private static func couldSpell(_ words: ArraySlice<NameToken>, _ word: NameToken) -> Bool {
        let plainLength = words.reduce(0) { $0 + $1.plain.count }
        let icaoLength = words.reduce(0) { $0 + ($1.icao?.count ?? $1.plain.count) }
        let wordIcaoLength = word.icao?.count ?? word.plain.count
        return word.plain.count == plainLength || word.plain.count == icaoLength || wordIcaoLength == plainLength
            || wordIcaoLength == icaoLength
    }

    private static func concatenation(_ words: ArraySlice<NameToken>) -> NameToken {
        let hasIcao = words.contains { $0.icao != nil }
        return NameToken(
            plain: words.flatMap(\.plain),
            icao: hasIcao ? words.flatMap { $0.icao ?? $0.plain } : nil,
            role: words.first?.role ?? .given
        )
    }

    private static func spelledAlike(_ a: NameToken, _ b: NameToken) -> Bool {
        a.plain == b.plain || a.plain == b.icao || (a.icao != nil && (a.icao == b.plain || a.icao == b.icao))
    }
}
