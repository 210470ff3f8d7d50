import ArgumentParser
import Base
import Foundation
import SanctionsIndex
import Verification

/// `vouch-bench monitoring`: what a monitoring run does per applicant, without the database — an
/// index of a delta's entities built, then every applicant's name searched in it at the threshold
/// (as `MonitoringMatcher` does). The files come from `scripts/bench-monitoring`.
struct BenchMonitoring: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "monitoring", abstract: "Measure monitoring's matching")

    @Option(help: "A delta: one {\"op\": \"ADD\", \"entity\": …} a line.")
    var delta: String

    @Option(help: "Applicants, tab-separated: id, external id, first name, last name, decision.")
    var applicants: String

    @Option(help: "The whole list (entities.jsonl), whose index gives the delta's words their rarity.")
    var list: String?

    @Option(help: "The score at which a candidate counts.")
    var threshold = 0.9

    @Option(help: "Applicants compared with every delta entity, for the recall of the search.")
    var exactSample = 2_000

    func run() async throws {
        var added: [ListEntity] = []
        try BenchScreening.forEachLine(of: delta) { line in
            let operation = try ListEntity.parse(line)
            guard let entity = operation["entity"] else { return }
            added.append(try ListEntity(json: entity))
        }
        var builder = SanctionsIndex.Builder()
        for entity in added { builder.add(entity) }
        let index = builder.build()
        // The list's new version, the delta applied: what a screening at onboarding searches.
        var reference: SanctionsIndex?
        if let list {
            var whole = SanctionsIndex.Builder()
            try BenchScreening.forEachLine(of: list) { line in
                if let entity = try? ListEntity(line: line) { whole.add(entity) }
            }
            for entity in added { whole.add(entity) }
            reference = whole.build()
        }
        let rarity = index.rarity(from: reference)
        var queries: [ScreeningQuery] = []
        try BenchScreening.forEachLine(of: applicants) { line in
            let fields = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self)
            }
            guard fields.count >= 7 else { return }
            queries.append(
                ScreeningQuery(
                    name: fields[2] + " " + fields[3],
                    birthDate: fields[5] == "\\N" ? nil : fields[5],
                    country: fields[6] == "\\N" ? nil : fields[6].lowercased()
                )
            )
        }
        let names = queries.map(\.name)
        var started = ContinuousClock.now
        var tokens = 0
        for name in names { tokens += NameMatcher.tokens(name).count }
        let tokenSeconds = BenchScreening.seconds(ContinuousClock.now - started)
        started = ContinuousClock.now
        var candidates = 0
        let memo = SanctionsIndex.WordMemo()
        for query in queries {
            let found = index.search(query, threshold: threshold, limit: 1, rarity: rarity, memo: memo)
            if !found.isEmpty { candidates += 1 }
        }
        let searchSeconds = BenchScreening.seconds(ContinuousClock.now - started)
        let recall = recallOnSample(queries, index: index, reference: reference)
            .sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ")
        print(
            """
            {"entities": \(index.count), "applicants": \(names.count), "candidates": \(candidates), \
            "tokenize_seconds": \(tokenSeconds), "search_seconds": \(searchSeconds), \
            "per_applicant_us": \(searchSeconds / Double(max(1, names.count)) * 1e6), \
            \(recall)}
            """
        )
    }

    /// Recall on a sample of applicants, against two answers: the delta entities a screening of
    /// the whole new version raises for them (what monitoring must match), and those that score at
    /// or above the threshold when compared in full with every delta entity (no index at all).
    func recallOnSample(_ queries: [ScreeningQuery], index: SanctionsIndex, reference: SanctionsIndex?) -> [String: Double] {
        let rarity = index.rarity(from: reference)
        let step = max(1, queries.count / max(1, exactSample))
        let sample = stride(from: 0, to: queries.count, by: step).prefix(exactSample).map { queries[$0] }
        let records = (0..<index.count).map(index.record)
        let deltaIDs = Set(index.ids)
        var tally: [String: (truth: Int, found: Int)] = [:]
        let memo = SanctionsIndex.WordMemo()
        for query in sample {
            let words = NameMatcher.tokens(query.name)
            let found = !index.search(query, threshold: threshold, limit: 1, rarity: rarity, memo: memo).isEmpty
            let compared = records.contains { CandidateComparison.compare(query, with: $0, queryWords: words).matchScore >= threshold }
            var answers = ["compared_in_full": compared]
            if let reference {
                answers["whole_list_screening"] = reference.search(query, threshold: threshold, limit: 50).contains {
                    deltaIDs.contains($0.id)
                }
            }
            for (answer, truth) in answers where truth {
                tally[answer, default: (0, 0)].truth += 1
                if found { tally[answer, default: (0, 0)].found += 1 }
            }
        }
        var result: [String: Double] = ["sample": Double(sample.count)]
        for (answer, counts) in tally {
            result[answer + "_candidates"] = Double(counts.truth)
            result[answer + "_recall"] = Double(counts.found) / Double(max(1, counts.truth))
        }
        return result
    }
}
