import Base
import Foundation
import Postgres
import Verification

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
        try await database.transaction(tenant) { tx in
            try Self.insert(issued.record, tenant: tenant, in: tx)
            let details: JSONValue = .object(["scopes": .array(scopes.map { .string($0.rawValue) })])
            try AuditRepository.record(
                tx,
                tenant: tenant,
                action: "api_key.created",
                object: AuditObject(issued.record.id, type: "api_key"),
                details: details
            )
        }
        return issued
    }

    /// The key behind a tenant and lookup prefix, with the tenant's status; nil if unknown or revoked.
    func findActive(tenant: TenantID, lookupPrefix: String) async throws -> (APIKeyRecord, Tenant.Status, PlanRateLimits)? {
        let rows = try await database.read(
            tenant,
            """
            SELECT k.id, k.name, k.secret_hash, k.scopes, t.status, p.name, p.key_requests_per_second,
                p.tenant_requests_per_second
            FROM api_keys k JOIN tenants t ON t.id = k.tenant_id JOIN plans p ON p.name = t.plan
            WHERE k.tenant_id = \(tenant.uuid) AND k.lookup_prefix = \(lookupPrefix) AND k.revoked_at IS NULL
            """
        )
        return try rows.first.map { row in
            let (id, name, hash, scopes, status, plan, keyRate, tenantRate) = try row.decode(
                UUID.self,
                String.self,
                [UInt8].self,
                PostgresTextArray.self,
                String.self,
                String.self,
                Int?.self,
                Int?.self
            )
            let limits = PlanRateLimits(plan: plan, keyPerSecond: keyRate, tenantPerSecond: tenantRate)
            let record = APIKeyRecord(
                id: APIKeyID(uuid: id),
                name: name,
                lookupPrefix: lookupPrefix,
                secretHash: hash,
                scopes: scopes.elements.compactMap(Scope.init(rawValue:))
            )
            return (record, Tenant.Status(rawValue: status) ?? .suspended, limits)
        }
    }

    /// Revokes a key; returns false if the tenant has no such active key. Every instance hears
    /// of it at commit (`NOTIFY`), and drops the key from its cache.
    public func revoke(tenant: TenantID, key: APIKeyID) async throws -> Bool {
        try await database.transaction(tenant) { tx in
            let revoked =
                try tx.query(
                    "UPDATE api_keys SET revoked_at = now() WHERE tenant_id = \(tenant.uuid) AND id = \(key.uuid) AND revoked_at IS NULL"
                ).affectedRows == 1
            if revoked {
                try tx.query("SELECT pg_notify(\(Self.revocationChannel), \(key.description))")
                try AuditRepository.record(tx, tenant: tenant, action: "api_key.revoked", object: AuditObject(key, type: "api_key"))
            }
            return revoked
        }
    }

    /// The channel on which revocations are announced; the payload is the key's id.
    public static let revocationChannel = "vouch_api_key_revoked"

    /// The tenant's keys, newest first, revoked ones included.
    public func list(tenant: TenantID, limit: Int, startingAfter: APIKeyID?) async throws -> (keys: [APIKeySummary], hasMore: Bool) {
        let after = startingAfter?.uuid ?? ApplicantRepository.maximumUUID
        let rows = try await database.read(
            tenant,
            """
            SELECT id, name, scopes, created_at, last_used_at, revoked_at FROM api_keys
            WHERE tenant_id = \(tenant.uuid) AND id < \(after) ORDER BY id DESC LIMIT \(limit + 1)
            """
        )
        let keys = try rows.map { row in
            let (id, name, scopes, created, lastUsed, revoked) = try row.decode(
                UUID.self,
                String.self,
                PostgresTextArray.self,
                Date.self,
                Date?.self,
                Date?.self
            )
            return APIKeySummary(
                id: APIKeyID(uuid: id),
                name: name,
                scopes: scopes.elements.compactMap(Scope.init(rawValue:)),
                createdAt: created,
                lastUsedAt: lastUsed,
                revokedAt: revoked
            )
        }
        return (Array(keys.prefix(limit)), keys.count > limit)
    }

    /// Writes when keys were last used, one statement per tenant for a batch of keys.
    func touch(_ used: [TenantID: Set<APIKeyID>], at now: Date) async throws {
        for (tenant, keys) in used {
            let ids = keys.map { $0.uuid.uuidString.lowercased() }
            _ = try await database.read(
                tenant,
                """
                UPDATE api_keys SET last_used_at = \(now)
                WHERE tenant_id = \(tenant.uuid) AND id = ANY (\(PostgresTextArray(ids))::uuid[])
                    AND (last_used_at IS NULL OR last_used_at < \(now))
                """
            )
        }
    }
}
