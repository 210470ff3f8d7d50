import Foundation
import Synchronization
import Verification

/// An in-memory index of published lists, built to answer "who on the lists could this person
/// be?" in a few milliseconds over a million entities.
///
/// Names are cut into folded words (`NameMatcher.tokens`: case, accents and other scripts
/// romanised). Each word points at the entities whose names hold it, and each word's character
/// trigrams point at the words that hold them, so a query word finds its exact word and, when
/// it is long enough to judge, words a typo or a transposition away. Entities gather the weight
/// of the query's words they hold — rare words weigh more — and only the best few hundred are
/// then compared in full (`CandidateComparison`: names and aliases aligned word by word, birth
/// date, country), which gives the score a threshold is applied to.
public final class SanctionsIndex: Sendable {
    /// One entity's place in the flat storage.
    struct Slot: Sendable {
        var nameStart: UInt32
        var nameCount: UInt16
        var dateStart: UInt32
        var dateCount: UInt8
        var countryStart: UInt32
        var countryCount: UInt8
    }

    /// One name: its words, and whether it is an alias.
    struct Name: Sendable {
        var tokenStart: UInt32
        var tokenCount: UInt8
        var isAlias: Bool
    }

    public let ids: [String]
    let slots: [Slot]
    let names: [Name]
    let nameTokens: [UInt32]
    let dates: [String]
    let countries: [String]
    let tokens: [String]
    let tokenIDs: [String: UInt32]
    /// Word → the entities holding it, each once, in entity order.
    let postings: [[UInt32]]
    /// Packed trigram → the words holding it.
    let trigramWords: [UInt32: [UInt32]]
    /// Word → its weight, the log of its rarity.
    let weights: [Float]
    /// The counts and weights a search of this index itself reads.
    let ownRarity: Rarity
    private let scratches = Mutex<[Scratch]>([])

    init(builder: Builder) {
        ids = builder.ids
        slots = builder.slots
        names = builder.names
        nameTokens = builder.nameTokens
        dates = builder.dates
        countries = builder.countries
        tokens = builder.tokens
        tokenIDs = builder.tokenIDs
        postings = builder.postings
        let count = Float(max(1, builder.ids.count))
        weights = builder.postings.map { log(count / Float(max(1, $0.count))) + 1 }
        ownRarity = Rarity(counts: builder.postings.map(\.count), weights: weights, entities: builder.ids.count)
        var trigramWords: [UInt32: [UInt32]] = [:]
        for (word, text) in builder.tokens.enumerated() where text.utf8.count >= Self.minimumFuzzyLength - 1 {
            for trigram in Self.trigrams(text) { trigramWords[trigram, default: []].append(UInt32(word)) }
        }
        self.trigramWords = trigramWords
    }

    public var count: Int { ids.count }

    /// A candidate and how well it matches.
    public struct Match: Sendable {
        public var entity: Int
        public var id: String
        public var score: Double
        public var comparison: CandidateComparison
    }

    /// Words shorter than this match only exactly: too few letters to tell a typo from another name.
    static let minimumFuzzyLength = 4
    /// Query words whose letters are at least this alike to a listed word (Jaro-Winkler) count as it.
    static let fuzzyWordSimilarity = 0.85
    /// How many of the entities gathered by their words are compared in full, at most; and how
    /// much of the best gathered weight an entity needs to be one of them.
    static let compared = 40
    static let gatheredShare: Float = 0.5

    /// The entities scoring at least `threshold`, best first, at most `limit`.
    public func search(_ query: ScreeningQuery, threshold: Double, limit: Int = 10) -> [Match] {
        search(query, threshold: threshold, limit: limit, rarity: nil, memo: nil)
    }

    /// The same search in an index of what a list changed, read as the whole list's index would
    /// read it (`rarity(from:)`): a word's rarity (which words lead, which are too common to bring
    /// entities in) is the whole list's, so the changes raise what a search of the whole list
    /// would raise among them. `memo` keeps what is known of each query word across searches
    /// (monitoring searches a million names made of far fewer words).
    public func search(_ query: ScreeningQuery, threshold: Double, limit: Int = 10, rarity: Rarity?, memo: WordMemo?) -> [Match] {
        let words = NameMatcher.tokens(query.name)
        let candidates = gather(words, rarity: rarity ?? ownRarity, memo: memo)
        var matches: [Match] = []
        for entity in candidates {
            let slot = slots[entity]
            let dates = dates[Int(slot.dateStart)..<Int(slot.dateStart) + Int(slot.dateCount)]
            let countries = countries[Int(slot.countryStart)..<Int(slot.countryStart) + Int(slot.countryCount)]
            // Names are the costly part of a comparison: not when the dates or countries rule the candidate out.
            guard CandidateComparison.bound(query, birthDates: dates, countries: countries) >= threshold else { continue }
            let comparison = CandidateComparison.compare(query, with: record(entity), queryWords: words)
            let score = comparison.matchScore
            if score >= threshold {
                matches.append(Match(entity: entity, id: ids[entity], score: score, comparison: comparison))
            }
        }
        matches.sort { $0.score > $1.score || ($0.score == $1.score && $0.entity < $1.entity) }
        return Array(matches.prefix(limit))
    }

    /// How many entities hold each of this index's words and what each weighs: its own, or — for
    /// an index of a list's changes — the whole list's, worked out once for every search.
    public func rarity(from reference: SanctionsIndex?) -> Rarity {
        reference.map { Rarity(index: self, reference: $0) } ?? ownRarity
    }

    public struct Rarity: Sendable {
        let reference: SanctionsIndex?
        /// Per word of the index searched.
        let counts: [Int]
        let weights: [Float]
        /// Words held by more entities than this only add to entities a rarer word brought in.
        let common: Int

        /// An index's own.
        init(counts: [Int], weights: [Float], entities: Int) {
            reference = nil
            self.counts = counts
            self.weights = weights
            common = max(2_000, entities / 200)
        }

        init(index: SanctionsIndex, reference: SanctionsIndex) {
            self.reference = reference
            common = max(2_000, max(index.ids.count, reference.ids.count) / 200)
            let unknown = log(Float(max(1, reference.ids.count))) + 1
            let listed = index.tokens.map { reference.tokenIDs[$0] }
            counts = listed.map { $0.map { reference.postings[Int($0)].count } ?? 1 }
            weights = listed.map { $0.map { reference.weights[Int($0)] } ?? unknown }
        }

        /// How the whole list holds a query word spelled as it is: how many entities, and its
        /// weight there; nil without a whole list, or when it does not hold the word.
        func listed(_ word: String) -> (count: Int, weight: Float)? {
            guard let reference, let id = reference.tokenIDs[word] else { return nil }
            return (reference.postings[Int(id)].count, reference.weights[Int(id)])
        }
    }

    /// What is known of query words, kept across the searches of one caller (not shared between
    /// threads): the listed words each stands for here, and how the whole list holds it.
    public final class WordMemo {
        struct Word {
            var matches: [(UInt32, Double)]
            var listed: (count: Int, weight: Float)?

            init(_ text: String, in index: SanctionsIndex, rarity: Rarity) {
                matches = index.wordMatches(text)
                listed = rarity.listed(text)
            }
        }

        var words: [String: Word] = [:]
        public init() {}

        func word(_ text: String, in index: SanctionsIndex, rarity: Rarity) -> Word {
            if let known = words[text] { return known }
            let word = Word(text, in: index, rarity: rarity)
            words[text] = word
            return word
        }
    }

    /// The entities holding the query's words, best weighted first, at most `compared`.
    ///
    /// Words are taken rarest first; for each, an entity counts the best of the listed words the
    /// query word stands for. A word held by very many entities (a common given name) only adds
    /// to entities a rarer word brought in, unless it is the only kind the query has: it cannot
    /// pull in tens of thousands of namesakes to compare. With a whole list's rarity, a query word
    /// the whole list holds as a rare word leads even when this index lacks it, and an entity
    /// must gather half of what the query's words weigh on the whole list (a search there ranks
    /// against entities holding all of them, which are not at hand here).
    func gather(_ words: [String], rarity: Rarity, memo: WordMemo?) -> [Int] {
        let common = rarity.common
        var distinct: [String] = []
        for word in words.prefix(16) where !distinct.contains(word) { distinct.append(word) }
        let known = distinct.map { memo?.word($0, in: self, rarity: rarity) ?? WordMemo.Word($0, in: self, rarity: rarity) }
        let matched = known.map(\.matches).filter { !$0.isEmpty }
            .map { matches in (matches, matches.map { rarity.counts[Int($0.0)] }.min() ?? Int.max) }
            .sorted { $0.1 < $1.1 }
            .map { matches, _ in
                matches.sorted { rarity.weights[Int($0.0)] * Float($0.1) > rarity.weights[Int($1.0)] * Float($1.1) }
            }
        let leadsAlone = !known.contains { ($0.listed?.count ?? Int.max) <= common }
        var scratch = takeScratch()
        defer { giveBack(&scratch) }
        for (round, matches) in matched.enumerated() {
            let seeding = round == 0 && (leadsAlone || matches.contains { rarity.counts[Int($0.0)] <= common })
            let mark = UInt8(round + 1)
            for (word, similarity) in matches {
                let weight = rarity.weights[Int(word)] * Float(similarity)
                let entities = postings[Int(word)]
                let adds = seeding || rarity.counts[Int(word)] <= common
                for entity in entities {
                    let slot = Int(entity)
                    // Heaviest first: the first of this query word's matches an entity meets is its best.
                    guard scratch.marks[slot] != mark else { continue }
                    if scratch.scores[slot] == 0 {
                        guard adds else { continue }
                        scratch.touched.append(entity)
                    }
                    scratch.marks[slot] = mark
                    scratch.scores[slot] += weight
                }
            }
        }
        let best = scratch.touched.lazy.map { scratch.scores[Int($0)] }.max() ?? 0
        let floor = max(best, rarity.reference == nil ? 0 : potential(known, rarity: rarity)) * Self.gatheredShare
        var ranked = scratch.touched.filter { scratch.scores[Int($0)] >= floor }
        ranked.sort { scratch.scores[Int($0)] > scratch.scores[Int($1)] || (scratch.scores[Int($0)] == scratch.scores[Int($1)] && $0 < $1) }
        return ranked.prefix(Self.compared).map { Int($0) }
    }

    /// What the query's words weigh on the whole list: those it holds spelled as they are, at its
    /// weights; the others at the weight of their best match here (none without one).
    func potential(_ words: [WordMemo.Word], rarity: Rarity) -> Float {
        words.reduce(0) { total, word in
            if let listed = word.listed { return total + listed.weight }
            return total + (word.matches.map { rarity.weights[Int($0.0)] * Float($0.1) }.max() ?? 0)
        }
    }

    /// Per-query working memory over all entities, reused: zeroing four bytes per entity for
    /// each query would cost more than the search.
    struct Scratch {
        var scores: [Float]
        var marks: [UInt8]
        var touched: [UInt32] = []
    }

    private func takeScratch() -> Scratch {
        scratches.withLock { $0.popLast() }
            ?? Scratch(scores: Array(repeating: 0, count: ids.count), marks: Array(repeating: 0, count: ids.count))
    }

    private func giveBack(_ scratch: inout Scratch) {
        for entity in scratch.touched {
            scratch.scores[Int(entity)] = 0
            scratch.marks[Int(entity)] = 0
        }
        scratch.touched.removeAll(keepingCapacity: true)
        let cleaned = scratch
        scratches.withLock { if $0.count < 8 { $0.append(cleaned) } }
    }

    /// Whether a sorted posting list holds `entity`.
    func contains(_ entities: [UInt32], _ entity: UInt32) -> Bool {
        var low = 0
        var high = entities.count
        while low < high {
            let middle = (low + high) / 2
            if entities[middle] < entity { low = middle + 1 } else { high = middle }
        }
        return low < entities.count && entities[low] == entity
    }

    /// The listed words a query word stands for, with how alike they are: itself, and for a long
    /// enough word those sharing a third of its trigrams whose letters are alike enough.
    func wordMatches(_ word: String) -> [(UInt32, Double)] {
        var found: [(UInt32, Double)] = []
        let exact = tokenIDs[word]
        if let exact { found.append((exact, 1)) }
        let length = word.utf8.count
        guard length >= Self.minimumFuzzyLength else { return found }
        let grams = Self.trigrams(word)
        var shared: [UInt32: Int] = [:]
        for gram in grams {
            for candidate in trigramWords[gram] ?? [] { shared[candidate, default: 0] += 1 }
        }
        for (candidate, count) in shared where count * 3 >= grams.count && candidate != exact {
            let text = tokens[Int(candidate)]
            guard abs(text.utf8.count - length) <= 2 else { continue }
            let similarity = NameMatcher.jaroWinkler(word, text)
            if similarity >= Self.fuzzyWordSimilarity { found.append((candidate, similarity)) }
        }
        return found
    }

    /// The trigrams of a word padded with a space at each end, packed three bytes to a number.
    static func trigrams(_ word: String) -> [UInt32] {
        let bytes = [UInt8(ascii: " ")] + Array(word.utf8) + [UInt8(ascii: " ")]
        guard bytes.count >= 3 else { return [] }
        return (0...(bytes.count - 3)).map { index in
            UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
        }
    }

    /// What the index holds of an entity, as the comparison reads it.
    public func record(_ entity: Int) -> CandidateRecord {
        let slot = slots[entity]
        var listed: [String] = []
        var aliases: [String] = []
        for name in names[Int(slot.nameStart)..<Int(slot.nameStart) + Int(slot.nameCount)] {
            let words = nameTokens[Int(name.tokenStart)..<Int(name.tokenStart) + Int(name.tokenCount)]
            let text = words.map { tokens[Int($0)] }.joined(separator: " ")
            if name.isAlias { aliases.append(text) } else { listed.append(text) }
        }
        return CandidateRecord(
            names: listed,
            aliases: aliases,
            birthDates: Array(dates[Int(slot.dateStart)..<Int(slot.dateStart) + Int(slot.dateCount)]),
            countries: Array(countries[Int(slot.countryStart)..<Int(slot.countryStart) + Int(slot.countryCount)])
        )
    }
}
