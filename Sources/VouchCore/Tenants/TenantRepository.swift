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

    /// Creates a tenant with a data key and a first API key holding every scope.
    ///
    /// Refuses when the master key is not the one the database's keys are wrapped by
    /// (`MasterKeyCheck`), rather than wrapping a key nobody else can open.
    public func create(name: String, now: Date = Date()) async throws -> (Tenant, IssuedAPIKey) {
        guard try await MasterKeyCheck.opensDatabase(pool: database.pool, keyring: keyring) else {
            throw MasterKeyMismatch()
        }
        let tenant = Tenant(id: .generate(), name: name, status: .active, createdAt: now)
        let dataKey = try keyring.newWrappedDataKey(for: tenant.id)
        let issued = APIKeyMaterial.issue(tenant: tenant.id, name: "Initial admin key", scopes: Scope.allCases)
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
        }
        return (tenant, issued)
    }

    /// Every tenant; needs a pool whose role may read all of them (the operator's).
    public static func list(adminPool: PostgresPool) async throws -> [Tenant] {
        let rows = try await adminPool.query("SELECT id, name, status, created_at FROM tenants ORDER BY created_at, id")
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
            let changed = try tx.query("UPDATE tenants SET status = \(status.rawValue) WHERE id = \(id.uuid) RETURNING 1")
            guard !changed.isEmpty else { return false }
            try tx.query("SELECT pg_notify(\(statusChannel), \(id.description))")
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
            let rows = try tx.query("UPDATE tenants SET retention_days = \(days) WHERE id = \(id.uuid) RETURNING 1")
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
