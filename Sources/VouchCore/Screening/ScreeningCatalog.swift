import Foundation
import Synchronization

/// The versions of the screening service's datasets, from its `GET /catalog`, read again once
/// `freshFor` has passed (a failed read is retried after thirty seconds): lists are published a
/// few times a day, so a minute-old version is the one a screening ran against. A screening
/// records the version; without the catalog it records none rather than failing.
final class ScreeningCatalog: Sendable {
    struct Entry {
        var versions: [String: String]
        var readAt: ContinuousClock.Instant
        var failed: Bool
    }

    struct Catalog: Decodable {
        struct Dataset: Decodable {
            var name: String
            var version: String?
        }
        var datasets: [Dataset]
    }

    let freshFor: Duration
    static let retryAfterFailure: Duration = .seconds(30)
    /// A catalog read waits no longer than this: the screening it follows has its answer already.
    static let timeout: Duration = .seconds(2)

    struct State {
        var current: Entry?
        var reading = false
    }
    private let entry = Mutex(State())

    init(freshFor: Duration) {
        self.freshFor = freshFor
    }

    /// The dataset's version as last read; read again first when it is stale and no other
    /// screening is reading it already (one read at a time: the others use what is there).
    func version(of dataset: String, caller: ProviderCaller, authorization: String?) async -> String? {
        let now = ContinuousClock.now
        let (cached, mustRead) = entry.withLock { state -> ([String: String], Bool) in
            let stale = state.current.map { now - $0.readAt >= ($0.failed ? Self.retryAfterFailure : freshFor) } ?? true
            let mustRead = stale && !state.reading
            if mustRead { state.reading = true }
            return (state.current?.versions ?? [:], mustRead)
        }
        guard mustRead else { return cached[dataset] }
        let read = try? await caller.fetchOnce("/catalog", authorization: authorization, timeout: Self.timeout)
        let versions = read.flatMap { try? JSONDecoder().decode(Catalog.self, from: Data($0)) }.map { catalog in
            Dictionary(
                catalog.datasets.compactMap { dataset in dataset.version.map { (dataset.name, $0) } },
                uniquingKeysWith: { first, _ in first }
            )
        }
        let current = Entry(versions: versions ?? cached, readAt: now, failed: versions == nil)
        entry.withLock { state in
            state.current = current
            state.reading = false
        }
        return current.versions[dataset]
    }
}
