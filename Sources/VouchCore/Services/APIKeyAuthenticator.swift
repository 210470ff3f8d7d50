import Foundation
import Logging
import Postgres
import ServiceLifecycle
import Synchronization

/// Checks presented API keys, caching good answers briefly so that a busy client does not cost a
/// database round trip per request.
///
/// A key revoked anywhere stops working here as soon as the revocation's `NOTIFY` arrives
/// (milliseconds; `cacheLifetime` bounds it if notifications are lost). Keys' `last_used_at` is
/// written in batches, every `touchInterval`, not once per request.
public final class APIKeyAuthenticator: Sendable, Service {
    private struct CachedKey {
        var key: AuthenticatedKey
        var expires: Date
    }

    private let repository: APIKeyRepository
    private let cacheLifetime: TimeInterval
    private struct CachedStatus {
        var status: Tenant.Status?
        var expires: Date
    }

    private let cache = Mutex<[[UInt8]: CachedKey]>([:])
    /// Tenants' statuses for callers without a key (applicant sessions), kept like the keys.
    private let statuses = Mutex<[TenantID: CachedStatus]>([:])
    private let used = Mutex<[TenantID: Set<APIKeyID>]>([:])
    private let listenerURL: String?
    private let touchInterval: Duration
    private let logger: Logger

    public init(
        repository: APIKeyRepository,
        cacheLifetime: TimeInterval = 5,
        listenerURL: String? = nil,
        touchInterval: Duration = .seconds(10),
        logger: Logger = Logger(label: "vouch.keys")
    ) {
        self.repository = repository
        self.cacheLifetime = cacheLifetime
        self.listenerURL = listenerURL
        self.touchInterval = touchInterval
        self.logger = logger
    }

    /// The key's tenant and scopes, or nil when the key is unknown, malformed or revoked.
    public func authenticate(_ presented: String, now: Date = Date()) async throws -> AuthenticatedKey? {
        let hash = APIKeyMaterial.hash(presented)
        if let cached = cache.withLock({ $0[hash] }), cached.expires > now {
            markUsed(cached.key)
            return cached.key
        }
        guard let (tenant, prefix) = APIKeyMaterial.parse(presented),
            let (record, status, limits) = try await repository.findActive(tenant: tenant, lookupPrefix: prefix),
            APIKeyMaterial.constantTimeEquals(record.secretHash, hash)
        else { return nil }
        let key = AuthenticatedKey(
            tenant: tenant,
            keyID: record.id,
            scopes: Set(record.scopes),
            tenantStatus: status,
            planLimits: limits
        )
        cache.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[hash] = CachedKey(key: key, expires: now.addingTimeInterval(cacheLifetime))
        }
        markUsed(key)
        return key
    }

    /// A tenant's status (nil: no such tenant), cached for `cacheLifetime` and forgotten as soon
    /// as a change is announced, like the keys: a session token of a suspended tenant stops
    /// working when its keys do.
    public func tenantStatus(_ tenant: TenantID, now: Date = Date()) async throws -> Tenant.Status? {
        if let cached = statuses.withLock({ $0[tenant] }), cached.expires > now { return cached.status }
        let status = try await TenantRepository.status(of: tenant, in: repository.database)
        statuses.withLock { statuses in
            if statuses.count > 10_000 { statuses.removeAll() }
            statuses[tenant] = CachedStatus(status: status, expires: now.addingTimeInterval(cacheLifetime))
        }
        return status
    }

    /// Revokes a key and forgets it here at once (other instances on its notification).
    public func revoke(tenant: TenantID, key: APIKeyID) async throws -> Bool {
        let revoked = try await repository.revoke(tenant: tenant, key: key)
        forget(key)
        return revoked
    }

    func forget(_ key: APIKeyID) {
        cache.withLock { cache in cache = cache.filter { $0.value.key.keyID != key } }
    }

    /// Drops every cached key of a tenant whose status changed (suspended or resumed).
    func forget(tenant: TenantID) {
        cache.withLock { cache in cache = cache.filter { $0.value.key.tenant != tenant } }
        statuses.withLock { _ = $0.removeValue(forKey: tenant) }
    }

    private func markUsed(_ key: AuthenticatedKey) {
        used.withLock { _ = $0[key.tenant, default: []].insert(key.keyID) }
    }

    /// Writes the batch of keys used since the last flush.
    public func flushUsage(now: Date = Date()) async {
        let batch = used.withLock { used in
            defer { used.removeAll() }
            return used
        }
        guard !batch.isEmpty else { return }
        do {
            try await repository.touch(batch, at: now)
        } catch {
            logger.warning("could not record API key use", metadata: ["error_type": "\(type(of: error))"])
        }
    }

    /// Listens for revocations and flushes `last_used_at` until shutdown.
    public func run() async throws {
        let listener = try listenerURL.map {
            try PostgresListener(
                url: $0,
                channels: [APIKeyRepository.revocationChannel, TenantRepository.statusChannel],
                logger: logger
            )
        }
        await withDiscardingTaskGroup { group in
            if let listener {
                group.addTask {
                    for await event in listener.events {
                        if case .notification(_, let payload) = event, let key = APIKeyID(payload) {
                            self.forget(key)
                        } else if case .notification(_, let payload) = event, let tenant = TenantID(payload) {
                            self.forget(tenant: tenant)
                        } else if case .notification(_, PlanRepository.everyTenant) = event {
                            // A plan's limits changed: every tenant on it must reread them.
                            self.cache.withLock { $0.removeAll() }
                        } else if case .reconnected = event {
                            // Notifications may have been missed while disconnected.
                            self.cache.withLock { $0.removeAll() }
                            self.statuses.withLock { $0.removeAll() }
                        }
                    }
                }
            }
            let interval = touchInterval
            try? await cancelWhenGracefulShutdown {
                while true {
                    try await Task.sleep(for: interval)
                    await self.flushUsage()
                }
            }
            await flushUsage()
            listener?.close()
        }
    }
}
