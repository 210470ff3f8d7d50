import ArgumentParser
import Foundation
import HTTPTransport

/// `vouch-bench transport`: requests per second and latency of `HTTPTransport` against a URL at
/// several concurrencies, and the process's memory with the most requests in flight.
///
/// `scripts/bench-transport` runs it side by side with the curl tool's `--parallel` on the same
/// URL, which is the baseline.
struct BenchTransport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transport",
        abstract: "Measure HTTPTransport against a local HTTP server"
    )

    @Option(help: "The URL to GET.")
    var url: String

    @Option(help: "Requests per concurrency level.")
    var requests = 20_000

    @Option(help: "Comma-separated numbers of requests kept in flight.")
    var concurrency = "1,64,512"

    func run() async throws {
        let levels = concurrency.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !levels.isEmpty, levels.allSatisfy({ $0 > 0 }) else { throw ValidationError("--concurrency must list positive numbers") }
        let transport = HTTPTransport(configuration: HTTPTransportConfiguration(connectTimeout: .seconds(5)))
        defer { transport.close() }
        // Warm up: connections opened, handles allocated.
        _ = try await measure(transport, concurrency: levels.max() ?? 1, total: levels.max() ?? 1)
        var results: [[String: Any]] = []
        for level in levels {
            let run = try await measure(transport, concurrency: level, total: max(requests, level))
            results.append(run)
        }
        let data = try JSONSerialization.data(withJSONObject: ["url": url, "results": results], options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }

    func measure(_ transport: HTTPTransport, concurrency: Int, total: Int) async throws -> [String: Any] {
        let baselineRSS = Self.residentKiB()
        let peakRSS = PeakSampler()
        let clock = ContinuousClock()
        let start = clock.now
        let perWorker = total / concurrency
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var mine: [Double] = []
                    mine.reserveCapacity(perWorker)
                    for index in 0..<perWorker {
                        let began = clock.now
                        let response = try await transport.send(TransportRequest(url: url, timeout: .seconds(30)))
                        guard response.status == 200 else { throw ValidationError("HTTP \(response.status)") }
                        mine.append(
                            Double((clock.now - began).components.attoseconds) / 1e15 + Double((clock.now - began).components.seconds)
                                * 1000
                        )
                        if worker == 0 && index % 16 == 0 { peakRSS.sample() }
                    }
                    return mine
                }
            }
            return try await group.reduce(into: [Double]()) { $0 += $1 }
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let sorted = latencies.sorted()
        func percentile(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        return [
            "concurrency": concurrency,
            "requests": sorted.count,
            "requests_per_second": (Double(sorted.count) / seconds).rounded(),
            "p50_ms": (percentile(0.5) * 100).rounded() / 100,
            "p99_ms": (percentile(0.99) * 100).rounded() / 100,
            "rss_before_kib": baselineRSS,
            "rss_peak_kib": peakRSS.peak,
        ]
    }

    /// VmRSS of this process, in KiB.
    static func residentKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        return line.flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") } ?? 0
    }
}

/// The largest resident size seen while requests are in flight.
final class PeakSampler: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func sample() {
        let now = BenchTransport.residentKiB()
        lock.lock()
        value = max(value, now)
        lock.unlock()
    }

    var peak: Int {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
