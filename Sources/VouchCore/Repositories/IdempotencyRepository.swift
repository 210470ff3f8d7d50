import Foundation
import Postgres

/// A stored first response to an `Idempotency-Key`.
public struct StoredResponse: Sendable, Equatable {
    public var status: Int
    public var contentType: String?
    public var body: [UInt8]

    public init(status: Int, contentType: String?, body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}

/// What a request with an `Idempotency-Key` should do.
public enum IdempotencyClaim: Sendable, Equatable {
    /// First use of the key: run the request, then `complete` or `release` it.
    case started
    /// The same request ran before: answer with its response.
    case replay(StoredResponse)
    /// The key was used for a different request.
    case mismatch
    /// The first request with this key is still running.
    case inProgress
}

/// Idempotency keys, scoped per tenant, kept for 24 hours.
public struct IdempotencyRepository: Sendable {
    let database: TenantDatabase
    public static let lifetime: TimeInterval = 24 * 3600
    /// A claim still in progress after this long belongs to a request that died with its process.
    public static let abandonedAfter: TimeInterval = 120

    public init(database: TenantDatabase) {
        self.database = database
    }

    /// Claims `key` for a request whose method, path and body hash to `requestHash`.
    public func claim(tenant: TenantID, key: String, requestHash: [UInt8], now: Date = Date()) async throws -> IdempotencyClaim {
        let expiry = now.addingTimeInterval(-Self.lifetime)
        let abandoned = now.addingTimeInterval(-Self.abandonedAfter)
        return try await database.transaction(tenant) { tx in
            try tx.query(
                """
                DELETE FROM idempotency_keys WHERE tenant_id = \(tenant.uuid) AND key = \(key)
                  AND (created_at < \(expiry) OR (state = 'in_progress' AND created_at < \(abandoned)))
                """
            )
            let inserted = try tx.query(
                """
                INSERT INTO idempotency_keys (tenant_id, key, request_hash, state, created_at)
                VALUES (\(tenant.uuid), \(key), \(requestHash), 'in_progress', \(now))
                ON CONFLICT (tenant_id, key) DO NOTHING
                """
            )
            if inserted.affectedRows == 1 { return .started }
            let rows = try tx.query(
                """
                SELECT request_hash, state, response_status, response_content_type, response_body
                FROM idempotency_keys WHERE tenant_id = \(tenant.uuid) AND key = \(key)
                """
            )
            guard let row = rows.first else { return .inProgress }
            let (hash, state, status, contentType, body) = try row.decode(
                [UInt8].self,
                String.self,
                Int?.self,
                String?.self,
                [UInt8]?.self
            )
            if hash != requestHash { return .mismatch }
            guard state == "completed", let status else { return .inProgress }
            return .replay(StoredResponse(status: status, contentType: contentType, body: body ?? []))
        }
    }

    /// Stores the response to replay for later uses of `key`.
    public func complete(tenant: TenantID, key: String, response: StoredResponse) async throws {
        try await database.transaction(tenant) { tx in
            try tx.finish(
                with: """
                    UPDATE idempotency_keys SET state = 'completed', response_status = \(response.status),
                        response_content_type = \(response.contentType), response_body = \(response.body)
                    WHERE tenant_id = \(tenant.uuid) AND key = \(key)
                    """
            )
        }
    }

    /// Forgets a claim whose request failed on our side, so the client may retry with the key.
    public func release(tenant: TenantID, key: String) async throws {
        try await database.transaction(tenant) { tx in
            try tx.finish(with: "DELETE FROM idempotency_keys WHERE tenant_id = \(tenant.uuid) AND key = \(key)")
        }
    }
}
