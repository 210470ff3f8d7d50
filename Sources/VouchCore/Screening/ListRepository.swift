import Base
import Foundation
import Postgres
import SanctionsIndex

/// One version of a published list, as `vouch lists status` shows it.
public struct ListVersion: Sendable, Equatable {
    public var dataset: String
    public var version: String
    /// `loading`, `current` or `retired`.
    public var state: String
    public var baseVersion: String?
    public var entities: Int
    /// How many entities it added, changed or removed against the version before; nil for a
    /// dataset's first version.
    public var changes: Int?
    public var badLines: Int
    public var startedAt: Date
    public var finishedAt: Date?
}

/// The published lists as the operator loads them: each import writes a new version beside the
/// current one and swaps it in at the end, in one transaction. Through the owner's connection.
public enum ListRepository {
    /// The channel that tells servers a list changed (sent at commit).
    public static let channel = "vouch_lists"

    /// Starts a version of `dataset`: removes what an earlier import killed halfway left, and
    /// for a delta copies the current version's entities to build on. Throws when the version
    /// exists already, or a delta has no current version to apply to.
    public static func begin(adminPool: PostgresPool, dataset: String, version: String, delta: Bool) async throws -> String? {
        try await adminPool.transaction { tx in
            try tx.query("DELETE FROM screening_list_versions WHERE dataset = \(dataset) AND state = 'loading'")
            let existing = try tx.query("SELECT 1 FROM screening_list_versions WHERE dataset = \(dataset) AND version = \(version)")
            guard existing.isEmpty else {
                throw VouchError.invalidField(name: "version", reason: "\(version) of \(dataset) exists already")
            }
            let current = try tx.query(
                "SELECT version FROM screening_list_versions WHERE dataset = \(dataset) AND state = 'current'"
            ).first?.decode(column: 0, as: String.self)
            if delta && current == nil {
                throw VouchError.invalidField(name: "dataset", reason: "\(dataset) has no current version for a delta to apply to")
            }
            let base = delta ? current : nil
            try tx.query(
                """
                INSERT INTO screening_list_versions (dataset, version, state, base_version)
                VALUES (\(dataset), \(version), 'loading', \(base))
                """
            )
            if let base {
                try tx.query(
                    """
                    INSERT INTO screening_entities
                    SELECT dataset, \(version), id, schema, caption, names, aliases, birth_dates, countries, topics, datasets, last_change
                    FROM screening_entities WHERE dataset = \(dataset) AND version = \(base)
                    """
                )
            }
            return base
        }
    }

    /// Writes entities into a loading version; an entity already there is replaced.
    public static func write(adminPool: PostgresPool, dataset: String, version: String, _ entities: [ListEntity]) async throws {
        guard !entities.isEmpty else { return }
        let rows: JSONValue = .array(entities.map(json))
        try await adminPool.query(
            """
            INSERT INTO screening_entities (dataset, version, id, schema, caption, names, aliases, birth_dates, countries,
                topics, datasets, last_change)
            SELECT \(dataset), \(version), e.id, e.schema, e.caption, e.names, e.aliases, e.birth_dates, e.countries,
                e.topics, e.datasets, e.last_change
            FROM jsonb_to_recordset(\(try PostgresJSON(encoding: rows))::jsonb) AS e(id text, schema text, caption text,
                names text[], aliases text[], birth_dates text[], countries text[], topics text[], datasets text[],
                last_change text)
            ON CONFLICT (dataset, version, id) DO UPDATE SET schema = excluded.schema, caption = excluded.caption,
                names = excluded.names, aliases = excluded.aliases, birth_dates = excluded.birth_dates,
                countries = excluded.countries, topics = excluded.topics, datasets = excluded.datasets,
                last_change = excluded.last_change
            """
        )
    }

    /// Removes entities from a loading version (a delta's deletions).
    public static func remove(adminPool: PostgresPool, dataset: String, version: String, ids: [String]) async throws {
        guard !ids.isEmpty else { return }
        try await adminPool.query(
            """
            DELETE FROM screening_entities
            WHERE dataset = \(dataset) AND version = \(version) AND id = ANY (\(PostgresTextArray(ids))::text[])
            """
        )
    }

    /// Makes the loading version current, retires the one before, records what changed against
    /// it, tells the servers, and queues a monitoring run for every tenant whose rules ask for
    /// one; then removes the retired version's rows. Returns how many entities the version holds.
    @discardableResult
    public static func finish(adminPool: PostgresPool, dataset: String, version: String, badLines: Int) async throws -> Int {
        let count = try await adminPool.transaction { tx in
            let count = try tx.query(
                "SELECT count(*) FROM screening_entities WHERE dataset = \(dataset) AND version = \(version)"
            )[0].decode(column: 0, as: Int.self)
            let previous = try tx.query(
                "SELECT version FROM screening_list_versions WHERE dataset = \(dataset) AND state = 'current'"
            ).first?.decode(column: 0, as: String.self)
            // Fresh statistics first: without them the planner compares the versions row by row.
            if previous != nil { try tx.query("ANALYZE screening_entities") }
            let changes = try previous.map { try recordChanges(tx, dataset: dataset, from: $0, to: version) }
            try tx.query("UPDATE screening_list_versions SET state = 'retired' WHERE dataset = \(dataset) AND state = 'current'")
            try tx.query(
                """
                UPDATE screening_list_versions SET state = 'current', entities = \(count), bad_lines = \(badLines),
                    changes = \(changes), finished_at = now()
                WHERE dataset = \(dataset) AND version = \(version) AND state = 'loading'
                """
            )
            try tx.query("SELECT pg_notify(\(channel), \(dataset))")
            // A first version is new as a whole: it is screened like a full re-screen.
            try queueMonitoring(tx, dataset: changes == nil ? nil : dataset, version: version)
            return count
        }
        // Only the version before is kept out of the rows (its version row stays, for the history).
        try await adminPool.query(
            "DELETE FROM screening_entities WHERE dataset = \(dataset) AND version IN (SELECT version FROM screening_list_versions WHERE dataset = \(dataset) AND state = 'retired')"
        )
        return count
    }

    /// Records which entities `version` added, changed (anything the list says of them,
    /// including the entry's own version, which clearances are pinned to) or removed against
    /// `previous`; returns how many.
    static func recordChanges(_ tx: PostgresTransaction, dataset: String, from previous: String, to version: String) throws -> Int {
        let rows = try tx.query(
            """
            WITH changed AS (
                SELECT new.id, CASE WHEN old.id IS NULL THEN 'added' ELSE 'changed' END AS change
                FROM screening_entities new
                LEFT JOIN screening_entities old ON old.dataset = new.dataset AND old.version = \(previous) AND old.id = new.id
                WHERE new.dataset = \(dataset) AND new.version = \(version)
                    AND (old.id IS NULL
                        OR (new.schema, new.caption, new.names, new.aliases, new.birth_dates, new.countries, new.topics,
                            new.datasets, new.last_change)
                            IS DISTINCT FROM (old.schema, old.caption, old.names, old.aliases, old.birth_dates, old.countries,
                            old.topics, old.datasets, old.last_change))
                UNION ALL
                SELECT old.id, 'removed' FROM screening_entities old
                WHERE old.dataset = \(dataset) AND old.version = \(previous)
                    AND NOT EXISTS (
                        SELECT 1 FROM screening_entities new
                        WHERE new.dataset = old.dataset AND new.version = \(version) AND new.id = old.id
                    )
            ),
            inserted AS (
                INSERT INTO screening_list_changes (dataset, version, entity_id, change)
                SELECT \(dataset), \(version), id, change FROM changed RETURNING 1
            )
            SELECT count(*) FROM inserted
            """
        )
        return try rows[0].decode(column: 0, as: Int.self)
    }

    /// A monitoring run and its `monitor_applicants` job for each tenant whose current rule set
    /// turns monitoring on (the owner's connection sees every tenant's rules; the jobs run in
    /// their tenants): against what `dataset` changed in `version`, or in full when nil.
    static func queueMonitoring(_ tx: PostgresTransaction, dataset: String?, version: String) throws {
        let queued = try tx.query(
            """
            WITH runs AS (
                INSERT INTO monitoring_runs (tenant_id, id, kind, dataset, version)
                SELECT m.tenant_id, gen_random_uuid(), CASE WHEN \(dataset)::text IS NULL THEN 'full' ELSE 'list_change' END,
                    \(dataset), CASE WHEN \(dataset)::text IS NULL THEN NULL ELSE \(version) END
                FROM monitoring_tenants() m
                RETURNING tenant_id, id
            )
            INSERT INTO jobs (tenant_id, id, kind, subject_id, priority, run_at, created_at, updated_at)
            SELECT tenant_id, gen_random_uuid(), \(JobKind.monitorApplicants.rawValue), id, 10, now(), now(), now() FROM runs
            RETURNING 1
            """
        )
        if !queued.isEmpty { try tx.query("SELECT pg_notify(\(JobRepository.channel), '')") }
    }

    /// The entities a version added or changed, as the dataset's current version holds them
    /// (one changed again since, or removed, is read as it is now, or not at all).
    public static func changedEntities(database: UnscopedDatabase, dataset: String, version: String) async throws -> [ListEntity] {
        let rows = try await database.query(
            """
            SELECT e.id, e.names, e.aliases, e.birth_dates, e.countries
            FROM screening_list_changes c
            JOIN screening_list_versions v ON v.dataset = c.dataset AND v.state = 'current'
            JOIN screening_entities e ON e.dataset = v.dataset AND e.version = v.version AND e.id = c.entity_id
            WHERE c.dataset = \(dataset) AND c.version = \(version) AND c.change <> 'removed'
            ORDER BY e.id
            """
        )
        return try rows.map(entity)
    }

    /// An entity as the index reads it: id, names, aliases, birth dates, countries.
    static func entity(_ row: PostgresRow) throws -> ListEntity {
        let (id, names, aliases, dates, countries) = try row.decode(
            String.self,
            PostgresTextArray.self,
            PostgresTextArray.self,
            PostgresTextArray.self,
            PostgresTextArray.self
        )
        return ListEntity(
            id: id,
            names: names.elements,
            aliases: aliases.elements,
            birthDates: dates.elements,
            countries: countries.elements
        )
    }

    /// The current version of each list, dataset → version: in a transaction, or (`database`)
    /// on its own.
    static func currentVersions(_ tx: PostgresTransaction) throws -> [String: String] {
        try versions(tx.query(currentVersionsQuery))
    }

    static func currentVersions(database: UnscopedDatabase) async throws -> [String: String] {
        try versions(await database.query(currentVersionsQuery))
    }

    static let currentVersionsQuery: PostgresQuery = "SELECT dataset, version FROM screening_list_versions WHERE state = 'current'"

    static func versions(_ rows: PostgresRows) throws -> [String: String] {
        var versions: [String: String] = [:]
        for row in rows { versions[try row.decode(column: 0)] = try row.decode(column: 1) }
        return versions
    }

    /// Every version, newest first per dataset.
    public static func versions(adminPool: PostgresPool) async throws -> [ListVersion] {
        let rows = try await adminPool.query(
            """
            SELECT dataset, version, state, base_version, entities, bad_lines, started_at, finished_at, changes
            FROM screening_list_versions ORDER BY dataset, started_at DESC
            """
        )
        return try rows.map { row in
            ListVersion(
                dataset: try row.decode(column: 0),
                version: try row.decode(column: 1),
                state: try row.decode(column: 2),
                baseVersion: try row.decode(column: 3),
                entities: try row.decode(column: 4),
                changes: try row.decode(column: 8),
                badLines: try row.decode(column: 5),
                startedAt: try row.decode(column: 6),
                finishedAt: try row.decode(column: 7)
            )
        }
    }

    static func json(_ entity: ListEntity) -> JSONValue {
        func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }
        return .object([
            "id": .string(entity.id),
            "schema": .string(entity.schema),
            "caption": .string(entity.caption),
            "names": strings(entity.names),
            "aliases": strings(entity.aliases),
            "birth_dates": strings(entity.birthDates),
            "countries": strings(entity.countries),
            "topics": strings(entity.topics),
            "datasets": strings(entity.datasets),
            "last_change": entity.lastChange.map(JSONValue.string) ?? .null,
        ])
    }
}
