import ArgumentParser
import Base
import Foundation
import SanctionsIndex
import Verification

/// `vouch-bench screening`: the local index of published lists on this machine — reading a
/// FollowTheMoney file, building the index (time, memory), and answering queries with known
/// answers (latency, and recall and precision at the threshold, by kind of query). The files come
/// from `scripts/lib/sanctions_gen.py`; `scripts/bench-screening` runs this beside a rapidfuzz
/// baseline on the same files.
struct BenchScreening: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "screening", abstract: "Measure the local sanctions index")

    @Option(help: "A folder holding entities.jsonl and queries.jsonl.")
    var dir: String

    @Option(help: "The score at which a candidate counts as a hit.")
    var threshold = 0.85

    @Option(help: "Candidates returned per query.")
    var limit = 5

    struct Query {
        var query: ScreeningQuery
        var expected: String?
        var kind: String
    }

    func run() async throws {
        let rssBefore = Self.residentMegabytes()
        var started = ContinuousClock.now
        var builder = SanctionsIndex.Builder()
        var bad = 0
        try Self.forEachLine(of: "\(dir)/entities.jsonl") { line in
            if let entity = try? ListEntity(line: line) { builder.add(entity) } else { bad += 1 }
        }
        let readSeconds = Self.seconds(ContinuousClock.now - started)
        started = ContinuousClock.now
        let index = builder.build()
        builder = SanctionsIndex.Builder()
        let buildSeconds = Self.seconds(ContinuousClock.now - started)
        let rssAfter = Self.residentMegabytes()

        let queries = try Self.queries("\(dir)/queries.jsonl")
        for query in queries.prefix(20) { _ = index.search(query.query, threshold: threshold, limit: limit) }  // warm-up
        var latencies: [Double] = []
        var byKind: [String: (queries: Int, found: Int, top: Int, returned: Int, correct: Int)] = [:]
        for query in queries {
            let clock = ContinuousClock.now
            let matches = index.search(query.query, threshold: threshold, limit: limit)
            latencies.append(Self.seconds(ContinuousClock.now - clock) * 1000)
            var tally = byKind[query.kind, default: (0, 0, 0, 0, 0)]
            tally.queries += 1
            tally.returned += matches.count
            if let expected = query.expected {
                if matches.contains(where: { $0.id == expected }) { tally.found += 1 }
                if matches.first?.id == expected { tally.top += 1 }
                tally.correct += matches.filter { $0.id == expected }.count
            }
            byKind[query.kind] = tally
        }
        let matching = byKind.filter { $0.key != "nonmatch" }.values
        let found = matching.map(\.found).reduce(0, +)
        let matchQueries = matching.map(\.queries).reduce(0, +)
        let returned = byKind.values.map(\.returned).reduce(0, +)
        let correct = byKind.values.map(\.correct).reduce(0, +)
        let report: [String: Any] = [
            "entities": index.count,
            "bad_lines": bad,
            "read_seconds": Self.rounded(readSeconds),
            "build_seconds": Self.rounded(buildSeconds),
            "memory_mb": Self.rounded(rssAfter - rssBefore),
            "queries": queries.count,
            "threshold": threshold,
            "p50_ms": Self.rounded(Self.percentile(latencies, 0.5)),
            "p99_ms": Self.rounded(Self.percentile(latencies, 0.99)),
            "recall": Self.rounded(Double(found) / Double(max(1, matchQueries))),
            "precision": Self.rounded(Double(correct) / Double(max(1, returned))),
            "by_kind": byKind.mapValues { tally in
                [
                    "queries": tally.queries,
                    "recall": Self.rounded(Double(tally.found) / Double(max(1, tally.queries))),
                    "top1": Self.rounded(Double(tally.top) / Double(max(1, tally.queries))),
                    "returned": tally.returned,
                ]
            },
        ]
        var output = report
        output["slowest"] = zip(queries, latencies).sorted { $0.1 > $1.1 }.prefix(5).map {
            "\($0.0.kind) \($0.0.query.name): \(Self.rounded($0.1)) ms"
        }
        output["sweep"] = sweep(index, queries)
        let data = try JSONSerialization.data(withJSONObject: output, options: [.sortedKeys, .prettyPrinted])
        print(String(decoding: data, as: UTF8.self))
    }

    /// Recall and precision at each threshold from 0.70 to 0.98, from one search per query at the
    /// lowest: to compare with the baseline at equal precision.
    func sweep(_ index: SanctionsIndex, _ queries: [Query]) -> [[String: Double]] {
        let found = queries.map { index.search($0.query, threshold: 0.7, limit: 50) }
        return stride(from: 0.70, through: 0.981, by: 0.02).map { cut in
            var hit = 0
            var matchQueries = 0
            var returned = 0
            var correct = 0
            for (query, matches) in zip(queries, found) {
                let kept = matches.filter { $0.score >= cut }.prefix(limit)
                returned += kept.count
                guard let expected = query.expected else { continue }
                matchQueries += 1
                if kept.contains(where: { $0.id == expected }) { hit += 1 }
                correct += kept.filter { $0.id == expected }.count
            }
            return [
                "threshold": Self.rounded(cut),
                "recall": Self.rounded(Double(hit) / Double(max(1, matchQueries))),
                "precision": Self.rounded(Double(correct) / Double(max(1, returned))),
            ]
        }
    }

    static func queries(_ path: String) throws -> [Query] {
        var queries: [Query] = []
        try forEachLine(of: path) { line in
            guard case .object(let object) = try JSONValue(parsing: Data(line)), let name = object["name"]?.stringValue else { return }
            queries.append(
                Query(
                    query: ScreeningQuery(
                        name: name,
                        birthDate: object["birth_date"]?.stringValue,
                        country: object["country"]?.stringValue
                    ),
                    expected: object["expected"]?.stringValue,
                    kind: object["kind"]?.stringValue ?? "unknown"
                )
            )
        }
        return queries
    }

    /// Calls `body` with each non-empty line of the file, reading it in blocks.
    static func forEachLine(of path: String, _ body: (ArraySlice<UInt8>) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ValidationError("cannot read \(path)") }
        defer { try? handle.close() }
        var pending: [UInt8] = []
        while let block = try handle.read(upToCount: 4 << 20), !block.isEmpty {
            pending.append(contentsOf: block)
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                if newline > start { try body(pending[start..<newline]) }
                start = newline + 1
            }
            pending.removeSubrange(..<start)
        }
        if !pending.isEmpty { try body(pending[...]) }
    }

    static func residentMegabytes() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let pages = text.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }

    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}
