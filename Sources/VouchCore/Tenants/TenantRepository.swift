import Base
import Foundation
import Postgres
import Verification

/// Tenants and their first key. Operator-wide reads (`list`) need the administrative pool; a new
/// tenant is written as the application role inside its own tenant scope.
public struct TenantRepository: Sendable {
    let database: TenantDatabase
    let keyring: Keyring

    public init(database: TenantDatabase, keyring: Keyring) {
        self.database = database
        self.keyring = keyring
    }

    /// A tenant just created, with the first key of each mode: the only moment their secrets exist.
    public struct Created: Sendable {
        public var tenant: Tenant
        public var liveKey: IssuedAPIKey
        public var testKey: IssuedAPIKey
    }

    /// Creates a tenant and its test-mode twin, each with a data key and a first API key holding
    /// every scope.
    ///
    /// Refuses when the master key is not the one the database's keys are wrapped by
    /// (`MasterKeyCheck`), rather than wrapping a key nobody else can open.
    public func create(name: String, now: Date = Date()) async throws -> Created {
        guard try await MasterKeyCheck.opensDatabase(pool: database.pool, keyring: keyring) else {
            throw MasterKeyMismatch()
        }
        let tenant = Tenant(id: .generate(), name: name, status: .active, createdAt: now)
        let dataKey = try keyring.newWrappedDataKey(for: tenant.id)
        let issued = APIKeyMaterial.issue(tenant: tenant.id, name: "Initial admin key", scopes: Scope.allCases)
        let testMode = try TestModeTwin(live: tenant.id, keyring: keyring)
        try await database.transaction(tenant.id) { tx in
            try tx.query(
                "INSERT INTO tenants (id, name, status, created_at) VALUES (\(tenant.id.uuid), \(name), 'active', \(now))"
            )
            try tx.query(
                """
                INSERT INTO tenant_data_keys (tenant_id, id, wrapped_key)
                VALUES (\(tenant.id.uuid), \(dataKey.id), \(dataKey.wrapped))
                """
            )
            try APIKeyRepository.insert(issued.record, tenant: tenant.id, in: tx)
            try testMode.open(tx)
        }
        return Created(tenant: tenant, liveKey: issued, testKey: testMode.firstKey)
    }

    /// Opens test mode for a tenant created before there was one (nothing when it is open):
    /// afterwards its test-mode twin exists, with a data key.
    public func openTestMode(for live: TenantID) async throws {
        guard !live.isTestMode else { return }
        // Open already (every tenant made since test mode was): no key to check or make.
        guard try await database.read(live.testMode, "SELECT 1 FROM tenants WHERE id = \(live.testMode.uuid)").isEmpty else { return }
        guard try await MasterKeyCheck.opensDatabase(pool: database.pool, keyring: keyring) else {
            throw MasterKeyMismatch()
        }
        let testMode = try TestModeTwin(live: live, keyring: keyring, withKey: false)
        try await database.transaction(live) { tx in try testMode.open(tx) }
    }

    /// Deletes a test-mode twin's applicants and all they left (`delete_test_data()`), keeping
    /// its keys, endpoints, rules and watch list; returns the rows deleted per table. A live
    /// tenant is refused by the database itself.
    public func deleteTestData(of twin: TenantID) async throws -> [String: Int] {
        precondition(twin.isTestMode, "only a test-mode twin's data is deleted")
        return try await database.transaction(twin) { tx in
            // A live tenant that never opened test mode has no twin, and nothing to delete.
            guard try !tx.query("SELECT 1 FROM tenants WHERE id = \(twin.uuid)").isEmpty else { return [:] }
            var deleted: [String: Int] = [:]
            for row in try tx.query("SELECT relation, deleted FROM delete_test_data()") {
                let (relation, count) = try row.decode(String.self, Int.self)
                deleted[relation] = count
            }
            let details = JSONValue.object(deleted.mapValues { .number(Double($0)) })
            try AuditRepository.record(
                tx,
                tenant: twin,
                action: "test_data.deleted",
                object: AuditObject(twin, type: "tenant"),
                details: details
            )
            return deleted
        }
    }

    /// Every tenant; needs a pool whose role may read all of them (the operator's).
    public static func list(adminPool: PostgresPool) async throws -> [Tenant] {
        let rows = try await adminPool.query(
            "SELECT id, name, status, created_at FROM tenants WHERE livemode ORDER BY created_at, id"
        )
        return try rows.map { row in
            let (id, name, status, createdAt) = try row.decode(UUID.self, String.self, String.self, Date.self)
            return Tenant(id: TenantID(uuid: id), name: name, status: Tenant.Status(rawValue: status) ?? .active, createdAt: createdAt)
        }
    }

    /// A tenant's status, read in its own scope; nil if there is no such tenant.
    static func status(of tenant: TenantID, in database: TenantDatabase) async throws -> Tenant.Status? {
        let rows = try await database.read(tenant, "SELECT status FROM tenants WHERE id = \(tenant.uuid)")
        return try rows.first.map { Tenant.Status(rawValue: try $0.decode(column: 0, as: String.self)) ?? .suspended }
    }

    /// The channel on which a tenant's status changes are announced; the payload is its id.
    public static let statusChannel = "vouch_tenant_status"

    /// Suspends or resumes a tenant (the operator's pool). Its keys answer `403 tenant_suspended`
    /// on every instance as soon as the change is announced; its data stays.
    @discardableResult
    public static func setStatus(adminPool: PostgresPool, id: TenantID, status: Tenant.Status) async throws -> Bool {
        try await adminPool.transaction { tx in
            // The test-mode twin follows its live tenant: a suspended merchant's test keys stop too.
            let changed = try tx.query(
                """
                UPDATE tenants SET status = \(status.rawValue)
                WHERE livemode AND id = \(id.uuid) OR live_tenant_id = \(id.uuid) RETURNING id
                """
            )
            guard !changed.isEmpty else { return false }
            for row in changed {
                try tx.query("SELECT pg_notify(\(statusChannel), \(TenantID(uuid: try row.decode(column: 0)).description))")
            }
            let action = status == .active ? "tenant.resumed" : "tenant.suspended"
            try AuditRepository.record(tx, tenant: id, action: action, object: AuditObject(id, type: "tenant"), actor: .operator)
            return true
        }
    }

    /// Sets how many days after its verdict an applicant is erased (nil: kept until erased by
    /// the merchant). Needs the operator's pool.
    @discardableResult
    public static func setRetention(adminPool: PostgresPool, id: TenantID, days: Int?) async throws -> Bool {
        try await adminPool.transaction { tx in
            let rows = try tx.query(
                """
                UPDATE tenants SET retention_days = \(days)
                WHERE livemode AND id = \(id.uuid) OR live_tenant_id = \(id.uuid) RETURNING 1
                """
            )
            guard !rows.isEmpty else { return false }
            let details: JSONValue = .object(["retention_days": days.map { .number(Double($0)) } ?? .null])
            try AuditRepository.record(
                tx,
                tenant: id,
                action: "tenant.retention_changed",
                object: AuditObject(id, type: "tenant"),
                details: details,
                actor: .operator
            )
            return true
        }
    }
}
