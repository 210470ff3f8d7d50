import Foundation
import Postgres

/// API key rows.
public struct APIKeyRepository: Sendable {
    let database: TenantDatabase

    public init(database: TenantDatabase) {
        self.database = database
    }

    static func insert(_ record: APIKeyRecord, tenant: TenantID, in tx: PostgresTransaction) throws {
        try tx.query(
            """
            INSERT INTO api_keys (tenant_id, id, name, lookup_prefix, secret_hash, scopes)
            VALUES (\(tenant.uuid), \(record.id.uuid), \(record.name), \(record.lookupPrefix),
                    \(record.secretHash), \(PostgresTextArray(record.scopes.map(\.rawValue))))
            """
        )
    }

    /// Creates a key for `tenant`; the secret is returned once and never stored.
    public func create(tenant: TenantID, name: String, scopes: [Scope]) async throws -> IssuedAPIKey {
        let issued = APIKeyMaterial.issue(tenant: tenant, name: name, scopes: scopes)
        try await database.transaction(tenant) { tx in try Self.insert(issued.record, tenant: tenant, in: tx) }
        return issued
    }

    /// The key behind a tenant and lookup prefix, with the tenant's status; nil if unknown or revoked.
    func findActive(tenant: TenantID, lookupPrefix: String) async throws -> (APIKeyRecord, Tenant.Status)? {
        let rows = try await database.read(
            tenant,
            """
            SELECT k.id, k.name, k.secret_hash, k.scopes, t.status
            FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
            WHERE k.tenant_id = \(tenant.uuid) AND k.lookup_prefix = \(lookupPrefix) AND k.revoked_at IS NULL
            """
        )
        return try rows.first.map { row in
            let (id, name, hash, scopes, status) = try row.decode(
                UUID.self,
                String.self,
                [UInt8].self,
                PostgresTextArray.self,
                String.self
            )
            let record = APIKeyRecord(
                id: APIKeyID(uuid: id),
                name: name,
                lookupPrefix: lookupPrefix,
                secretHash: hash,
                scopes: scopes.elements.compactMap(Scope.init(rawValue:))
            )
            return (record, Tenant.Status(rawValue: status) ?? .suspended)
        }
    }

    /// Revokes a key; returns false if the tenant has no such active key.
    public func revoke(tenant: TenantID, key: APIKeyID) async throws -> Bool {
        try await database.transaction(tenant) { tx in
            try tx.query(
                "UPDATE api_keys SET revoked_at = now() WHERE tenant_id = \(tenant.uuid) AND id = \(key.uuid) AND revoked_at IS NULL"
            ).affectedRows == 1
        }
    }
}
