import Foundation
import HTTPTransport
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
    private let entry = Mutex<Entry?>(nil)

    init(freshFor: Duration) {
        self.freshFor = freshFor
    }

    func version(of dataset: String, caller: ProviderCaller, authorization: String?) async -> String? {
        let now = ContinuousClock.now
        if let cached = entry.withLock({ $0 }), now - cached.readAt < (cached.failed ? Self.retryAfterFailure : freshFor) {
            return cached.versions[dataset]
        }
        do {
            let exchange = try await caller.getJSON("/catalog", authorization: authorization)
            let catalog = try JSONDecoder().decode(Catalog.self, from: Data(exchange.response.body))
            let versions = Dictionary(
                catalog.datasets.compactMap { dataset in dataset.version.map { (dataset.name, $0) } },
                uniquingKeysWith: { first, _ in first }
            )
            entry.withLock { $0 = Entry(versions: versions, readAt: now, failed: false) }
            return versions[dataset]
        } catch {
            let kept = entry.withLock { cached in
                let versions = cached?.versions ?? [:]
                cached = Entry(versions: versions, readAt: now, failed: true)
                return versions
            }
            return kept[dataset]
        }
    }
}
