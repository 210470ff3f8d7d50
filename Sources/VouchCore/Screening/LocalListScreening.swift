import Base
import Foundation
import Postgres
import SanctionsIndex
import Synchronization
import Verification

/// Screening against the published lists the operator loaded (`vouch lists import`), with Vouch's
/// own index: nothing about the person leaves Vouch. Each worker builds one index per list from
/// Postgres, and builds it again when a list's current version changes (checked at most every
/// `recheck`); screenings meanwhile use the index they have.
public final class LocalListScreening: ScreeningSource, Sendable {
    /// The name recorded as the algorithm: the index's word gathering and the comparison's scoring.
    public static let algorithm = "vouch-words-1"

    struct Loaded: Sendable {
        /// Dataset → version, as loaded.
        var versions: [String: String]
        var indexes: [String: SanctionsIndex]
        var checkedAt: ContinuousClock.Instant
    }

    let database: UnscopedDatabase
    let recheck: Duration
    let waitsForNewVersions: Bool
    private let state = Mutex<(loaded: Loaded?, loading: Task<Loaded, any Error>?)>((nil, nil))

    /// - Parameters:
    ///   - recheck: how often the lists' current versions are read again.
    ///   - waitsForNewVersions: screen only with the newest versions, waiting while one is built
    ///     (tests that publish a version and screen at once).
    public init(database: UnscopedDatabase, recheck: Duration = .seconds(30), waitsForNewVersions: Bool = false) {
        self.database = database
        self.recheck = recheck
        self.waitsForNewVersions = waitsForNewVersions
    }

    public func screen(_ subject: CheckSubject, threshold: Double) async throws -> ScreeningReport {
        let loaded = try await current(atLeast: subject.listVersions)
        let query = subject.screeningQuery
        var found: [(dataset: String, match: SanctionsIndex.Match)] = []
        for (dataset, index) in loaded.indexes.sorted(by: { $0.key < $1.key }) {
            found += index.search(query, threshold: threshold, limit: 10).map { (dataset, $0) }
        }
        let details = try await entities(found.map { ($0.dataset, $0.match.id) }, versions: loaded.versions)
        let hits = found.compactMap { dataset, match -> ScreeningCandidate? in
            guard let entity = details[dataset + "\u{1F}" + match.id] else { return nil }
            return ScreeningCandidate(
                source: .list,
                id: entity.id,
                caption: entity.caption,
                schema: entity.schema,
                score: (match.score * 1000).rounded() / 1000,
                datasets: entity.datasets.isEmpty ? [dataset] : entity.datasets,
                topics: entity.topics,
                entryVersion: entity.lastChange,
                reference: nil,
                features: [:],
                comparison: match.comparison
            )
        }
        let versions = loaded.versions.sorted { $0.key < $1.key }
        var report = ScreeningReport(
            provenance: [
                "provider": .string("vouch"),
                "dataset": .string(versions.map(\.key).joined(separator: ",")),
                "list_version": versions.isEmpty ? .null : .string(versions.map { "\($0.key):\($0.value)" }.joined(separator: ",")),
                "algorithm": .string(Self.algorithm),
            ],
            results: found.count,
            bestBelowThreshold: 0,
            hits: hits.sorted { $0.score > $1.score }
        )
        report.calledProvider = false
        return report
    }

    /// The current lists' indexes by dataset: what a full monitoring run screens against. With
    /// `fresh` false, those loaded now, however old (built first when none is): what a list
    /// change's run reads the rarity of words from, without building the new version's index
    /// at the same time.
    public func indexes(fresh: Bool = true) async throws -> [String: SanctionsIndex] {
        if !fresh, let loaded = state.withLock({ $0.loaded }) { return loaded.indexes }
        return try await current().indexes
    }

    /// The indexes of the lists' current versions: built on first use, rebuilt once a version
    /// changed, one build at a time on the background threads. While a new version is being
    /// built, screenings use the index they have (each records the version it ran against), so
    /// a list update never stalls the decisions; only the very first screening waits — and every
    /// one, when `waitsForNewVersions` is set.
    /// The indexes, holding at least `versions`: when they do not, a refresh that reads the
    /// versions from now on is waited for (one already under way may have read them before).
    func current(atLeast versions: [String: String]?) async throws -> Loaded {
        var loaded = try await current()
        guard let versions else { return loaded }
        for _ in 0..<2 where !versions.allSatisfy({ loaded.versions[$0.key] == $0.value }) {
            let task = state.withLock { state in
                let task = state.loading ?? startRefresh(from: state.loaded)
                state.loading = task
                return task
            }
            loaded = try await task.value
        }
        return loaded
    }

    func current() async throws -> Loaded {
        let now = ContinuousClock.now
        let (loaded, task) = state.withLock { state -> (Loaded?, Task<Loaded, any Error>?) in
            if let loaded = state.loaded, now - loaded.checkedAt < recheck { return (loaded, nil) }
            let task = state.loading ?? startRefresh(from: state.loaded)
            state.loading = task
            return (waitsForNewVersions ? nil : state.loaded, task)
        }
        if let loaded { return loaded }
        guard let task else { throw CancellationError() }
        return try await task.value
    }

    /// Starts reading the lists' versions and building what changed; the result replaces the
    /// loaded indexes when it is ready.
    private func startRefresh(from previous: Loaded?) -> Task<Loaded, any Error> {
        Task(executorPreference: BackgroundExecutor.shared) {
            do {
                let fresh = try await self.refresh(previous)
                self.state.withLock { state in
                    state.loaded = fresh
                    state.loading = nil
                }
                return fresh
            } catch {
                self.state.withLock { $0.loading = nil }
                throw error
            }
        }
    }

    /// The lists' current versions; the indexes of `previous` for those unchanged, new ones for the rest.
    func refresh(_ previous: Loaded?) async throws -> Loaded {
        let versions = try await ListRepository.currentVersions(database: database)
        var indexes: [String: SanctionsIndex] = [:]
        for (dataset, version) in versions {
            if previous?.versions[dataset] == version, let index = previous?.indexes[dataset] {
                indexes[dataset] = index
            } else {
                indexes[dataset] = try await build(dataset: dataset, version: version)
            }
        }
        return Loaded(versions: versions, indexes: indexes, checkedAt: ContinuousClock.now)
    }

    /// Reads a version page by page (ordered by id) into a new index.
    func build(dataset: String, version: String) async throws -> SanctionsIndex {
        var builder = SanctionsIndex.Builder()
        var after = ""
        while true {
            let rows = try await database.query(
                """
                SELECT id, names, aliases, birth_dates, countries FROM screening_entities
                WHERE dataset = \(dataset) AND version = \(version) AND id > \(after) ORDER BY id LIMIT 20000
                """
            )
            for row in rows {
                let entity = try ListRepository.entity(row)
                builder.add(entity)
                after = entity.id
            }
            if rows.count < 20000 { return builder.build() }
        }
    }

    /// What the lists say of the matched entities, keyed by dataset and id.
    func entities(_ keys: [(String, String)], versions: [String: String]) async throws -> [String: ListEntity] {
        var found: [String: ListEntity] = [:]
        for (dataset, ids) in Dictionary(grouping: keys, by: \.0) {
            guard let version = versions[dataset] else { continue }
            let rows = try await database.query(
                """
                SELECT id, schema, caption, topics, datasets, last_change FROM screening_entities
                WHERE dataset = \(dataset) AND version = \(version) AND id = ANY (\(PostgresTextArray(ids.map(\.1)))::text[])
                """
            )
            for row in rows {
                let id = try row.decode(column: 0, as: String.self)
                found[dataset + "\u{1F}" + id] = ListEntity(
                    id: id,
                    schema: try row.decode(column: 1),
                    caption: try row.decode(column: 2),
                    names: [],
                    topics: try row.decode(column: 3, as: PostgresTextArray.self).elements,
                    datasets: try row.decode(column: 4, as: PostgresTextArray.self).elements,
                    lastChange: try row.decode(column: 5)
                )
            }
        }
        return found
    }
}
