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
    /// The first request with this key was cut off while its writes were being committed (the
    /// database went away): it may have taken effect, so it is neither replayed nor run again.
    case outcomeUnknown
}

/// Idempotency keys, scoped per API key, kept for 24 hours.
///
/// A stored response can hold a new key's secret, a webhook secret, a session token or an
/// applicant's personal data, so it is replayed to the key that made it only, sealed under the
/// tenant's data key, deleted when its applicant is erased, and swept once it expires.
public struct IdempotencyRepository: Sendable {
    let database: TenantDatabase
    let keys: DataKeyStore
    /// How long a response is replayed; `sweep_idempotency_keys` deletes records older than this.
    public static let lifetime: TimeInterval = 24 * 3600
    /// A claim still in progress after this long belongs to a request that died with its process.
    public static let abandonedAfter: TimeInterval = 120

    public init(database: TenantDatabase, keys: DataKeyStore) {
        self.database = database
        self.keys = keys
    }

    /// Claims `key` of `apiKey` for a request whose method, path and body hash to `requestHash`;
    /// `claim` names this request's claim, for `release`.
    public func claim(
        tenant: TenantID,
        apiKey: APIKeyID,
        key: String,
        requestHash: [UInt8],
        claim: UUID = UUID(),
        now: Date = Date()
    ) async throws -> IdempotencyClaim {
        let expiry = now.addingTimeInterval(-Self.lifetime)
        let abandoned = now.addingTimeInterval(-Self.abandonedAfter)
        let found = try await database.transaction(tenant) { tx -> (IdempotencyClaim, sealed: [UInt8]?, keyID: UUID?) in
            try tx.query(
                """
                DELETE FROM idempotency_keys
                WHERE tenant_id = \(tenant.uuid) AND api_key_id = \(apiKey.uuid) AND key = \(key)
                  AND (created_at < \(expiry) OR (state = 'in_progress' AND created_at < \(abandoned)))
                """
            )
            let inserted = try tx.query(
                """
                INSERT INTO idempotency_keys (tenant_id, api_key_id, key, request_hash, state, created_at, claim_id)
                VALUES (\(tenant.uuid), \(apiKey.uuid), \(key), \(requestHash), 'in_progress', \(now), \(claim))
                ON CONFLICT (tenant_id, api_key_id, key) DO NOTHING
                """
            )
            if inserted.affectedRows == 1 { return (.started, nil, nil) }
            let rows = try tx.query(
                """
                SELECT request_hash, state, response_status, response_content_type, response_sealed, response_key_id
                FROM idempotency_keys WHERE tenant_id = \(tenant.uuid) AND api_key_id = \(apiKey.uuid) AND key = \(key)
                """
            )
            guard let row = rows.first else { return (.inProgress, nil, nil) }
            let (hash, state, status, contentType, sealed, keyID) = try row.decode(
                [UInt8].self,
                String.self,
                Int?.self,
                String?.self,
                [UInt8]?.self,
                UUID?.self
            )
            if hash != requestHash { return (.mismatch, nil, nil) }
            if state == "uncertain" { return (.outcomeUnknown, nil, nil) }
            guard state == "completed", let status else { return (.inProgress, nil, nil) }
            return (.replay(StoredResponse(status: status, contentType: contentType, body: [])), sealed, keyID)
        }
        guard case .replay(var stored) = found.0, let sealed = found.sealed, let keyID = found.keyID else { return found.0 }
        let dataKey = try await keys.key(id: keyID, for: tenant)
        stored.body = try Keyring.openResponse(sealed, with: dataKey, tenant: tenant, apiKey: apiKey, idempotencyKey: key)
        return .replay(stored)
    }

    /// Stores the response to replay for later uses of `key` by `apiKey`, sealed. `applicant` is
    /// the applicant the response is about, if any: erasing it deletes the record.
    public func complete(
        tenant: TenantID,
        apiKey: APIKeyID,
        key: String,
        response: StoredResponse,
        applicant: ApplicantID?
    ) async throws {
        let (keyID, dataKey) = try await keys.currentKey(for: tenant)
        let sealed = try Keyring.sealResponse(response.body, with: dataKey, tenant: tenant, apiKey: apiKey, idempotencyKey: key)
        try await database.transaction(tenant) { tx in
            // An applicant erased while this request ran must not come back in its response: the
            // claim is dropped instead, as its erasure would have dropped the record.
            if let applicant,
                try !tx.query(
                    "SELECT 1 FROM applicants WHERE tenant_id = \(tenant.uuid) AND id = \(applicant.uuid) AND erased_at IS NOT NULL"
                ).isEmpty
            {
                try tx.query(
                    "DELETE FROM idempotency_keys WHERE tenant_id = \(tenant.uuid) AND api_key_id = \(apiKey.uuid) AND key = \(key)"
                )
                return
            }
            try tx.query(
                """
                UPDATE idempotency_keys SET state = 'completed', response_status = \(response.status),
                    response_content_type = \(response.contentType), response_sealed = \(sealed),
                    response_key_id = \(keyID), applicant_id = \(applicant?.uuid)
                WHERE tenant_id = \(tenant.uuid) AND api_key_id = \(apiKey.uuid) AND key = \(key)
                """
            )
        }
    }

    /// Stores the response as `complete` does; when the database cannot be reached now (the
    /// request's own work was committed, and the connection went away before its response was
    /// recorded), stores it once the database is back. A client's retry then gets this response
    /// replayed instead of running the request a second time.
    public func completeEventually(
        tenant: TenantID,
        apiKey: APIKeyID,
        key: String,
        response: StoredResponse,
        applicant: ApplicantID?
    ) async throws {
        try await Self.nowOrOnceBack {
            try await complete(tenant: tenant, apiKey: apiKey, key: key, response: response, applicant: applicant)
        }
    }

    /// Forgets the claim `claim` of a request that failed on our side, so the client may retry
    /// with the key; a claim that was never committed, or is another request's, stays.
    public func release(tenant: TenantID, apiKey: APIKeyID, key: String, claim: UUID) async throws {
        try await database.transaction(tenant) { tx in
            try tx.finish(
                with: """
                    DELETE FROM idempotency_keys
                    WHERE tenant_id = \(tenant.uuid) AND api_key_id = \(apiKey.uuid) AND key = \(key)
                      AND claim_id = \(claim) AND state = 'in_progress'
                    """
            )
        }
    }

    /// Forgets the claim as `release` does; when the database cannot be reached now (the reason
    /// the request failed, during a failover or an outage: perhaps while the claim itself was
    /// being committed, and it was), forgets it once the database is back. A client that retries
    /// then has its request run, not 409 for two minutes.
    public func releaseEventually(tenant: TenantID, apiKey: APIKeyID, key: String, claim: UUID) async {
        try? await Self.nowOrOnceBack { try await release(tenant: tenant, apiKey: apiKey, key: key, claim: claim) }
    }

    /// Records that the request holding `claim` was cut off while committing (now, or once the
    /// database is back); the key then answers `outcomeUnknown` until it expires.
    public func markUncertainEventually(tenant: TenantID, apiKey: APIKeyID, key: String, claim: UUID) async {
        try? await Self.nowOrOnceBack { try await markUncertain(tenant: tenant, apiKey: apiKey, key: key, claim: claim) }
    }

    private func markUncertain(tenant: TenantID, apiKey: APIKeyID, key: String, claim: UUID) async throws {
        try await database.transaction(tenant) { tx in
            _ = try tx.finish(
                with: """
                    UPDATE idempotency_keys SET state = 'uncertain'
                    WHERE tenant_id = \(tenant.uuid) AND api_key_id = \(apiKey.uuid) AND key = \(key)
                      AND claim_id = \(claim) AND state = 'in_progress'
                    """
            )
        }
    }

    /// Runs `attempt` now. When the database is away, rethrows, and runs it again once a second
    /// in the background until it succeeds or the claim it is about would count as abandoned.
    private static func nowOrOnceBack(_ attempt: @escaping @Sendable () async throws -> Void) async throws {
        do {
            try await attempt()
        } catch  where DatabaseFailure(error)?.isOutage == true {
            Task {
                for _ in 0..<Int(abandonedAfter) {
                    try? await Task.sleep(for: .seconds(1))
                    if (try? await attempt()) != nil { return }
                }
            }
            throw error
        }
    }

    /// Deletes the records about `applicant`, inside its erasure's transaction.
    static func purge(_ tx: PostgresTransaction, tenant: TenantID, applicant: ApplicantID) throws {
        try tx.query("DELETE FROM idempotency_keys WHERE tenant_id = \(tenant.uuid) AND applicant_id = \(applicant.uuid)")
    }

    /// Deletes every tenant's expired records, a batch at a time; returns how many.
    @discardableResult
    /// Crosses tenants, so it takes the unscoped door (see `UnscopedDatabase`).
    public static func sweepExpired(database: UnscopedDatabase, batch: Int = 5000) async throws -> Int {
        var swept = 0
        while true {
            let rows = try await database.query("SELECT sweep_idempotency_keys(\(batch)::integer)")
            let deleted = try rows[0].decode(column: 0, as: Int.self)
            swept += deleted
            if deleted < batch { return swept }
        }
    }
}
