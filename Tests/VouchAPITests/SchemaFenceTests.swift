import Foundation
import Postgres
import TestSupport
import Testing
import VouchCore

/// One relation of the schema, as the server's role (`vouch_app`) may reach it.
struct FencedRelation: Sendable {
    let name: String
    /// `pg_class.relkind`: r table, p partitioned table, v view, m materialized view, S sequence, f foreign table.
    let kind: String
    let isPartition: Bool
    let rowSecurity: Bool
    let forcedRowSecurity: Bool
    /// A policy for everyone or for the server's role that compares with `current_tenant_id()`.
    let tenantPolicy: Bool
    /// It has a `tenant_id` column, or it is `tenants` itself.
    let holdsTenantData: Bool
    /// The server's role holds some privilege on it, on the table or on one of its columns.
    let appMay: Bool
}

/// Walks `pg_class` for every relation the server's role could touch and says which are not
/// fenced by tenant, so a new table, partition, view or sequence can never slip through.
enum SchemaFence {
    /// Tables that hold nothing of any tenant's, and may be read by every tenant.
    static let sharedTables: Set<String> = [
        "plans", "schema_migrations", "screening_list_versions", "screening_entities", "screening_list_changes",
        // The instance's signing keys: its own, sealed under the master key.
        "signing_keys",
    ]

    static func relations(adminURL: String) async throws -> [FencedRelation] {
        let pool = PostgresPool(configuration: .init(conninfo: adminURL, maximumConnections: 1))
        defer { pool.close() }
        let rows = try await pool.query(
            """
            SELECT c.relname::text, c.relkind::text, c.relispartition, c.relrowsecurity, c.relforcerowsecurity,
                EXISTS (
                    SELECT 1 FROM pg_policy p
                    WHERE p.polrelid = c.oid AND p.polpermissive
                      AND ('0'::oid = ANY (p.polroles) OR 'vouch_app'::regrole::oid = ANY (p.polroles))
                      AND pg_get_expr(p.polqual, p.polrelid) LIKE '%= current_tenant_id()%'
                ),
                c.relname = 'tenants' OR EXISTS (
                    SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
                ),
                CASE WHEN c.relkind = 'S' THEN has_sequence_privilege('vouch_app', c.oid, 'SELECT, USAGE, UPDATE')
                ELSE has_table_privilege('vouch_app', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
                    OR has_any_column_privilege('vouch_app', c.oid, 'SELECT, INSERT, UPDATE, REFERENCES') END
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
              AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
            ORDER BY c.relname
            """
        )
        return try rows.map { row in
            let (name, kind, isPartition, rowSecurity, forced, policy, tenantData, appMay) = try row.decode(
                String.self,
                String.self,
                Bool.self,
                Bool.self,
                Bool.self,
                Bool.self,
                Bool.self,
                Bool.self
            )
            return FencedRelation(
                name: name,
                kind: kind,
                isPartition: isPartition,
                rowSecurity: rowSecurity,
                forcedRowSecurity: forced,
                tenantPolicy: policy,
                holdsTenantData: tenantData,
                appMay: appMay
            )
        }
    }

    /// Why the server's role could read across tenants through `relation`, or nil when it cannot.
    static func problem(_ relation: FencedRelation) -> String? {
        guard relation.appMay else { return nil }
        if relation.isPartition { return "a partition (the parent's policy does not apply to it)" }
        switch relation.kind {
        case "r", "p":
            if relation.holdsTenantData {
                guard relation.rowSecurity, relation.forcedRowSecurity, relation.tenantPolicy else {
                    return "tenant data without forced row-level security and a tenant policy"
                }
                return nil
            }
            return sharedTables.contains(relation.name) ? nil : "a table without tenant_id that is not known to be shared"
        case "v", "m": return "a view (it reads as its owner, past row-level security)"
        case "S": return "a sequence (its values count every tenant's rows)"
        default: return "a relation of kind \(relation.kind)"
        }
    }
}

@Suite("Every relation the server's role can reach is fenced by tenant")
struct SchemaFenceTests {
    @Test("every table, partition, view and sequence is fenced, or holds no tenant data, or is out of reach")
    func everyRelationFenced() async throws {
        let database = try await TestDatabase.migrated()
        let relations = try await SchemaFence.relations(adminURL: database.adminURL)
        #expect(relations.filter(\.isPartition).count >= 40, "the walk sees the partitions")
        #expect(relations.filter(\.appMay).count >= 20, "the walk sees what the server's role may use")
        for relation in relations {
            #expect(SchemaFence.problem(relation) == nil, "\(relation.name): \(SchemaFence.problem(relation) ?? "")")
        }
        // Roles: the server's role inherits nothing, and the roles that see across tenants never log in.
        let pool = PostgresPool(configuration: .init(conninfo: database.adminURL, maximumConnections: 1))
        defer { pool.close() }
        let memberships: Int = try await pool.query(
            "SELECT count(*) FROM pg_auth_members WHERE member = 'vouch_app'::regrole"
        )[0].decode(column: 0)
        #expect(memberships == 0)
        let crossTenantLogins: Int = try await pool.query(
            "SELECT count(*) FROM pg_roles WHERE rolname IN ('vouch_queue', 'vouch_callbacks') AND rolcanlogin"
        )[0].decode(column: 0)
        #expect(crossTenantLogins == 0)
        try await database.drop()
    }

    @Test("the walk flags a granted partition, a view and an unfenced table; new partitions are born out of reach")
    func theWalkCanFail() async throws {
        let database = try await TestDatabase.migrated()
        let pool = PostgresPool(configuration: .init(conninfo: database.adminURL, maximumConnections: 1))
        defer { pool.close() }
        try await pool.query("GRANT SELECT ON applicants_p3 TO vouch_app")
        try await pool.query("CREATE VIEW applicant_names AS SELECT tenant_id, id FROM applicants")
        try await pool.query("GRANT SELECT ON applicant_names TO vouch_app")
        try await pool.query("CREATE TABLE notes (tenant_id uuid, body text)")
        try await pool.query("GRANT SELECT ON notes TO vouch_app")
        // A partitioned table made the way the migrations make them: its new partition gets nothing.
        try await pool.query("CREATE TABLE marks (tenant_id uuid NOT NULL) PARTITION BY HASH (tenant_id)")
        try await pool.query("CREATE TABLE marks_p0 PARTITION OF marks FOR VALUES WITH (MODULUS 1, REMAINDER 0)")
        try await pool.query("SELECT isolate_tenant_table('marks')")
        try await pool.query("GRANT SELECT, INSERT ON marks TO vouch_app")

        let flagged = try await SchemaFence.relations(adminURL: database.adminURL).filter { SchemaFence.problem($0) != nil }
        #expect(Set(flagged.map(\.name)) == ["applicants_p3", "applicant_names", "notes"])
        try await database.drop()
    }

    @Test("as the server's role, every partition refuses a read, though the partitions hold two tenants' rows")
    func partitionsRefuseTheServerRole() async throws {
        try await TestApp.withApp { app, client in
            for key in [app.acme.apiKey, app.globex.apiKey] {
                let applicant = try await client.createApplicant(key: key)
                _ = try await client.upload(Samples.jpeg, type: "ID_FRONT", applicant: applicant, key: key)
            }
            let partitions = try await SchemaFence.relations(adminURL: app.database.adminURL).filter(\.isPartition)
            #expect(partitions.count >= 40)
            let pool = PostgresPool(configuration: .init(conninfo: app.database.appURL, maximumConnections: 1))
            defer { pool.close() }
            var ownerRows = 0
            for partition in partitions {
                ownerRows += try await app.count(partition.name)
                do {
                    _ = try await pool.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(partition.name)"))
                    Issue.record("\(partition.name) answered the server's role")
                } catch let error as PostgresError {
                    #expect(error.sqlState == .insufficientPrivilege, "\(partition.name): \(error)")
                }
            }
            #expect(ownerRows >= 6, "two applicants, their documents and files sit in the partitions")
            // Nor can the role change its own tenant: suspension and plans are the operator's.
            for statement in [
                "UPDATE tenants SET status = 'active'", "DELETE FROM tenants",
                "UPDATE tenants SET plan = 'standard' WHERE id = current_tenant_id()",
            ] {
                await #expect(throws: PostgresError.self, "\(statement)") {
                    try await TenantDatabase(pool: pool).transaction(app.acme.id) { tx in
                        try tx.query(PostgresQuery(unsafeSQL: statement))
                    }
                }
            }
        }
    }
}
