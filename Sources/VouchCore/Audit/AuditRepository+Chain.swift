import Base
import Foundation
import Postgres

/// What the operator's chain verification reads, through the owner's connection: each chain's
/// recorded head, and the chain's rows in order with the hash their values give.
extension AuditRepository {
    /// Every tenant's chain head (or one tenant's); a tenant without audit rows has seq 0 and an
    /// empty hash.
    static func chainHeads(adminPool: PostgresPool, tenant: TenantID?) async throws -> [(tenant: TenantID, seq: Int, hash: [UInt8])] {
        let rows = try await adminPool.query(
            """
            SELECT t.id, coalesce(h.seq, 0), coalesce(h.hash, '\\x'::bytea) FROM tenants t
            LEFT JOIN audit_heads h ON h.tenant_id = t.id
            WHERE \(tenant?.uuid)::uuid IS NULL OR t.id = \(tenant?.uuid)
            ORDER BY t.id
            """
        )
        return try rows.map { row in
            let (id, seq, hash) = try row.decode(UUID.self, Int.self, [UInt8].self)
            return (TenantID(uuid: id), seq, hash)
        }
    }

    /// Up to `limit` of `tenant`'s rows after `seq`, in order.
    static func chainPage(adminPool: PostgresPool, tenant: TenantID, after seq: Int, limit: Int) async throws -> [AuditChain.StoredRow] {
        let rows = try await adminPool.query(
            """
            SELECT seq, id::text, (extract(epoch FROM occurred_at) * 1000000)::bigint, actor_type, actor_id, action,
                object_type, object_id, request_id, details::text, prev_hash, hash
            FROM audit_events WHERE tenant_id = \(tenant.uuid) AND seq > \(seq)
            ORDER BY seq LIMIT \(limit)
            """
        )
        return try rows.map { try storedRow($0, tenant: tenant) }
    }

    /// The row as stored, with the hash recomputed from the same fields, in the same order, as
    /// the migration's `audit_row_text` writes them.
    private static func storedRow(_ row: PostgresRow, tenant: TenantID) throws -> AuditChain.StoredRow {
        let (seq, id, micros, actorType, actorID, action, objectType, objectID, requestID, details, previousHash, hash) =
            try row.decode(
                Int.self,
                String.self,
                Int64.self,
                String.self,
                String.self,
                String.self,
                String.self,
                String.self,
                String.self,
                String.self,
                [UInt8].self,
                [UInt8].self
            )
        let fields = [
            UUIDText.format(tenant.uuid, dashes: true), String(seq), id, String(micros), actorType, actorID, action,
            objectType, objectID, requestID, details,
        ]
        return AuditChain.StoredRow(
            seq: seq,
            previousHash: previousHash,
            hash: hash,
            computedHash: AuditChain.hash(previous: previousHash, fields: fields)
        )
    }
}
