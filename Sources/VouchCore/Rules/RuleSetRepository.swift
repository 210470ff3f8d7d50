import Base
import Foundation
import Postgres
import Verification

/// One stored version of a tenant's rules.
public struct RuleSetVersion: Sendable {
    /// 0 for the built-in defaults (nothing stored yet).
    public var version: Int
    public var rules: RuleSet
    public var createdBy: APIKeyID?
    public var createdAt: Date?
}

/// Tenants' rule sets: every save a new version, the highest in force.
public struct RuleSetRepository: Sendable {
    let database: TenantDatabase

    public init(database: TenantDatabase) {
        self.database = database
    }

    /// The rules in force.
    public func current(tenant: TenantID) async throws -> RuleSetVersion {
        try await database.transaction(tenant) { tx in try Self.current(tx, tenant: tenant) }
    }

    /// The rules in force, inside the caller's transaction.
    public static func current(_ tx: PostgresTransaction, tenant: TenantID) throws -> RuleSetVersion {
        let rows = try tx.query(
            """
            SELECT version, body, created_by, created_at FROM rule_sets
            WHERE tenant_id = \(tenant.uuid) ORDER BY version DESC LIMIT 1
            """
        )
        guard let row = rows.first else { return RuleSetVersion(version: 0, rules: RuleSet()) }
        return try decode(row)
    }

    /// Validates and stores a new version; throws `VouchError.invalidRuleSet` with every issue.
    public func save(tenant: TenantID, body: JSONValue, by key: APIKeyID?, now: Date = Date()) async throws -> RuleSetVersion {
        let rules: RuleSet
        do {
            rules = try RuleSet(json: body)
        } catch {
            throw VouchError.invalidRuleSet(error.issues)
        }
        // The normalised form is stored: defaults filled in, countries as alpha-3.
        let stored = try PostgresJSON(encoding: rules.json)
        return try await database.transaction(tenant) { tx in
            // Saves take turns so versions never collide.
            try TenantDatabase.takeTurns(tx, tenant: tenant, on: "rule_sets")
            let rows = try tx.query(
                """
                INSERT INTO rule_sets (tenant_id, version, body, created_by, created_at)
                SELECT \(tenant.uuid), coalesce(max(version), 0) + 1, \(stored), \(key?.uuid), \(now)
                FROM rule_sets WHERE tenant_id = \(tenant.uuid)
                RETURNING version
                """
            )
            let version: Int = try rows[0].decode(column: 0)
            try AuditRepository.record(
                tx,
                tenant: tenant,
                action: "rules.updated",
                object: AuditObject(type: "rule_set", id: String(version)),
                details: .object(["version": .number(Double(version))]),
                now: now
            )
            return RuleSetVersion(version: version, rules: rules, createdBy: key, createdAt: now)
        }
    }

    /// Every stored version, newest first.
    public func versions(tenant: TenantID, limit: Int = 100) async throws -> [RuleSetVersion] {
        let rows = try await database.read(
            tenant,
            """
            SELECT version, body, created_by, created_at FROM rule_sets
            WHERE tenant_id = \(tenant.uuid) ORDER BY version DESC LIMIT \(limit)
            """
        )
        return try rows.map(Self.decode)
    }

    static func decode(_ row: PostgresRow) throws -> RuleSetVersion {
        let (version, body, createdBy, createdAt) = try row.decode(Int.self, PostgresJSON.self, UUID?.self, Date.self)
        // Stored rule sets were valid when saved; reading one that no longer parses is a bug to surface.
        let rules = try RuleSet(json: try body.decode(JSONValue.self))
        return RuleSetVersion(version: version, rules: rules, createdBy: createdBy.map(APIKeyID.init(uuid:)), createdAt: createdAt)
    }
}
