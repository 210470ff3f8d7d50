import Foundation
import Postgres
import Verification

/// A tenant's own watch list: the entries merchants manage over the API, and the whole list
/// for screening to match applicants against.
public struct WatchlistRepository: Sendable {
    let database: TenantDatabase

    public init(database: TenantDatabase) {
        self.database = database
    }

    static let columns = "id, names, birth_dates, countries, topics, reference, note, created_at, updated_at"

    /// Stores a new entry. Throws `VouchError.watchlistLimitReached` when the tenant has
    /// `WatchlistEntry.limitPerTenant` entries already.
    public func create(tenant: TenantID, fields: WatchlistEntryFields, now: Date = Date()) async throws -> WatchlistEntry {
        guard let names = fields.names else { throw VouchError.invalidField(name: "names", reason: "is required") }
        let id = WatchlistEntryID(uuid: UUID.version7(now: now))
        let insert: PostgresQuery = """
            INSERT INTO watchlist_entries (tenant_id, id, names, name_keys, birth_dates, countries, topics, reference, note,
                created_at, updated_at)
            VALUES (\(tenant.uuid), \(id.uuid), \(PostgresTextArray(names)),
                \(PostgresTextArray(CandidateComparison.blockingKeys(names))), \(PostgresTextArray(fields.birthDates ?? [])),
                \(PostgresTextArray(fields.countries ?? [])), \(PostgresTextArray(fields.topics ?? WatchlistEntry.defaultTopics)),
                nullif(\(fields.reference)::text, ''), nullif(\(fields.note)::text, ''), \(now), \(now))
            RETURNING \(unsafeSQL: Self.columns)
            """
        return try await database.transaction(tenant) { tx in
            try Self.checkRoom(tx, tenant: tenant)
            let rows = try tx.query(insert)
            try Self.audit(tx, tenant, "watchlist_entry.created", id)
            return try Self.decode(rows[0])
        }
    }

    /// Creations take turns, so two at once cannot both fit under the limit.
    static func checkRoom(_ tx: PostgresTransaction, tenant: TenantID) throws {
        try TenantDatabase.takeTurns(tx, tenant: tenant, on: "watchlist_entries")
        let existing = try tx.query("SELECT count(*) FROM watchlist_entries WHERE tenant_id = \(tenant.uuid)")
        guard try existing[0].decode(column: 0, as: Int.self) < WatchlistEntry.limitPerTenant else {
            throw VouchError.watchlistLimitReached(limit: WatchlistEntry.limitPerTenant)
        }
    }

    /// A page of entries, newest first.
    public func list(tenant: TenantID, limit: Int, startingAfter: WatchlistEntryID?) async throws -> (
        entries: [WatchlistEntry], hasMore: Bool
    ) {
        let after = startingAfter?.uuid ?? ApplicantRepository.maximumUUID
        let rows = try await database.read(
            tenant,
            """
            SELECT \(unsafeSQL: Self.columns) FROM watchlist_entries
            WHERE tenant_id = \(tenant.uuid) AND id < \(after) ORDER BY id DESC LIMIT \(limit + 1)
            """
        )
        let entries = try rows.map(Self.decode)
        return (Array(entries.prefix(limit)), entries.count > limit)
    }

    public func get(tenant: TenantID, id: WatchlistEntryID) async throws -> WatchlistEntry {
        let rows = try await database.read(
            tenant,
            "SELECT \(unsafeSQL: Self.columns) FROM watchlist_entries WHERE tenant_id = \(tenant.uuid) AND id = \(id.uuid)"
        )
        guard let row = rows.first else { throw VouchError.notFound("watch list entry") }
        return try Self.decode(row)
    }

    /// Sets the fields `changes` gives and keeps the others.
    public func update(tenant: TenantID, id: WatchlistEntryID, changes: WatchlistEntryFields, now: Date = Date()) async throws
        -> WatchlistEntry
    {
        let rows = try await audited(
            tenant,
            "watchlist_entry.updated",
            id,
            """
            UPDATE watchlist_entries SET names = coalesce(\(changes.names.map(PostgresTextArray.init)), names),
                name_keys = coalesce(\(changes.names.map { PostgresTextArray(CandidateComparison.blockingKeys($0)) }), name_keys),
                birth_dates = coalesce(\(changes.birthDates.map(PostgresTextArray.init)), birth_dates),
                countries = coalesce(\(changes.countries.map(PostgresTextArray.init)), countries),
                topics = coalesce(\(changes.topics.map(PostgresTextArray.init)), topics),
                reference = CASE WHEN \(changes.reference)::text IS NULL THEN reference ELSE nullif(\(changes.reference)::text, '') END,
                note = CASE WHEN \(changes.note)::text IS NULL THEN note ELSE nullif(\(changes.note)::text, '') END,
                updated_at = \(now)
            WHERE tenant_id = \(tenant.uuid) AND id = \(id.uuid)
            RETURNING \(unsafeSQL: Self.columns)
            """
        )
        guard let row = rows.first else { throw VouchError.notFound("watch list entry") }
        return try Self.decode(row)
    }

    public func delete(tenant: TenantID, id: WatchlistEntryID) async throws {
        let rows = try await audited(
            tenant,
            "watchlist_entry.deleted",
            id,
            "DELETE FROM watchlist_entries WHERE tenant_id = \(tenant.uuid) AND id = \(id.uuid) RETURNING 1"
        )
        guard !rows.isEmpty else { throw VouchError.notFound("watch list entry") }
    }

    /// The entries whose names share a blocking key with `names` (see
    /// `CandidateComparison.blockingKeys`): those screening compares with the person.
    public static func candidates(_ tx: PostgresTransaction, tenant: TenantID, names: [String]) throws -> [WatchlistEntry] {
        let keys = PostgresTextArray(CandidateComparison.blockingKeys(names))
        return try tx.query(
            """
            SELECT \(unsafeSQL: columns) FROM watchlist_entries
            WHERE tenant_id = \(tenant.uuid) AND name_keys && \(keys)::text[] ORDER BY id
            """
        ).map(decode)
    }

    /// Whether the tenant keeps a watch list at all: with one, screening runs even without a
    /// provider of published lists.
    static func inUse(_ tx: PostgresTransaction, tenant: TenantID) throws -> Bool {
        try !tx.query("SELECT 1 FROM watchlist_entries WHERE tenant_id = \(tenant.uuid) LIMIT 1").isEmpty
    }

    /// Runs one change to an entry and, when it touched the entry, its audit row.
    private func audited(_ tenant: TenantID, _ action: String, _ id: WatchlistEntryID, _ change: PostgresQuery) async throws
        -> PostgresRows
    {
        try await database.transaction(tenant) { tx in
            let rows = try tx.query(change)
            if !rows.isEmpty { try Self.audit(tx, tenant, action, id) }
            return rows
        }
    }

    /// Ids only: the entry's names and dates are personal data, which the audit log never holds.
    private static func audit(_ tx: PostgresTransaction, _ tenant: TenantID, _ action: String, _ id: WatchlistEntryID) throws {
        try AuditRepository.record(tx, tenant: tenant, action: action, object: AuditObject(id, type: "watchlist_entry"))
    }

    static func decode(_ row: PostgresRow) throws -> WatchlistEntry {
        let (id, names, birthDates, countries, topics) = try row.decode(
            UUID.self,
            PostgresTextArray.self,
            PostgresTextArray.self,
            PostgresTextArray.self,
            PostgresTextArray.self
        )
        return WatchlistEntry(
            id: WatchlistEntryID(uuid: id),
            names: names.elements,
            birthDates: birthDates.elements,
            countries: countries.elements,
            topics: topics.elements,
            reference: try row.decode(column: 5),
            note: try row.decode(column: 6),
            createdAt: try row.decode(column: 7),
            updatedAt: try row.decode(column: 8)
        )
    }
}
