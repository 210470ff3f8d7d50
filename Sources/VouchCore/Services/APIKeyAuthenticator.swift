import Foundation
import Synchronization

/// Checks presented API keys, caching good answers briefly so that a busy client does not cost a
/// database round trip per request.
///
/// A key revoked through this instance stops working at once; on other instances within
/// `cacheLifetime`.
public final class APIKeyAuthenticator: Sendable {
    private struct CachedKey {
        var key: AuthenticatedKey
        var expires: Date
    }

    private let repository: APIKeyRepository
    private let cacheLifetime: TimeInterval
    private let cache = Mutex<[[UInt8]: CachedKey]>([:])

    public init(repository: APIKeyRepository, cacheLifetime: TimeInterval = 5) {
        self.repository = repository
        self.cacheLifetime = cacheLifetime
    }

    /// The key's tenant and scopes, or nil when the key is unknown, malformed or revoked.
    public func authenticate(_ presented: String, now: Date = Date()) async throws -> AuthenticatedKey? {
        let hash = APIKeyMaterial.hash(presented)
        if let cached = cache.withLock({ $0[hash] }), cached.expires > now { return cached.key }
        guard let (tenant, prefix) = APIKeyMaterial.parse(presented),
            let (record, status) = try await repository.findActive(tenant: tenant, lookupPrefix: prefix),
            APIKeyMaterial.constantTimeEquals(record.secretHash, hash)
        else { return nil }
        let key = AuthenticatedKey(tenant: tenant, keyID: record.id, scopes: Set(record.scopes), tenantStatus: status)
        cache.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[hash] = CachedKey(key: key, expires: now.addingTimeInterval(cacheLifetime))
        }
        return key
    }

    /// Revokes a key and forgets it here at once.
    public func revoke(tenant: TenantID, key: APIKeyID) async throws -> Bool {
        let revoked = try await repository.revoke(tenant: tenant, key: key)
        cache.withLock { cache in cache = cache.filter { $0.value.key.keyID != key } }
        return revoked
    }
}
