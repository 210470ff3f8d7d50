import Base
import Foundation
import Logging
import Postgres
import ServiceLifecycle
import Synchronization

/// Too many keys this instance has not seen lately are being presented at once (a flood of
/// made-up keys): the lookup is refused without asking the database.
public struct APIKeyLookupThrottled: Error, Sendable {}

/// Checks presented API keys, caching good answers briefly so that a busy client does not cost a
/// database round trip per request, and bad ones as briefly, so that a client repeating a wrong
/// key does not either. Lookups of keys not cached are limited per instance.
///
/// A key revoked anywhere stops working here as soon as the revocation's `NOTIFY` arrives
/// (milliseconds; `cacheLifetime` bounds it if notifications are lost). Keys' `last_used_at` is
/// written in batches, every `touchInterval`, not once per request.
public final class APIKeyAuthenticator: Sendable, Service {
    private struct CachedKey {
        var key: AuthenticatedKey
        var expires: Date
    }

    /// What this instance remembers of presented keys.
    private struct Cache {
        var known: [[UInt8]: CachedKey] = [:]
        /// Hashes of well-formed keys that matched nothing, until when.
        var unknown: [[UInt8]: Date] = [:]
        /// Bumped by every revocation and tenant change: a lookup that started before one may
        /// have read what it undid, and is not cached.
        var generation: UInt64 = 0
        /// GCRA state of the lookup limit.
        var lookupArrival: Double?
        /// GCRA state of each tenant's failed lookups: keys that name a tenant and match none.
        var failureArrivals: [TenantID: Double] = [:]

        mutating func forgetAll() {
            known.removeAll()
            unknown.removeAll()
            generation &+= 1
        }
    }

    /// Entries each map holds at most; past that it starts again (a flood cannot grow it).
    static let cacheCapacity = 10_000

    private let repository: APIKeyRepository
    private let cacheLifetime: TimeInterval
    private struct CachedStatus {
        var status: Tenant.Status?
        var expires: Date
    }

    private let lookupLimit: RateLimitPolicy
    /// Failed lookups of keys naming one tenant: past it, that tenant's unknown keys are refused
    /// without asking the database, while its known keys go on working from the cache.
    private let failureLimit: RateLimitPolicy
    private let cache = Mutex(Cache())
    /// Tenants' statuses for callers without a key (applicant sessions), kept like the keys.
    private let statuses = Mutex<[TenantID: CachedStatus]>([:])
    private let used = Mutex<[TenantID: Set<APIKeyID>]>([:])
    private let listenerURL: String?
    /// Opened once revocations reach this instance (or when it has no listener to wait for).
    private let revocationsHeard = Latch()
    private let touchInterval: Duration
    private let logger: Logger

    public init(
        repository: APIKeyRepository,
        cacheLifetime: TimeInterval = 5,
        listenerURL: String? = nil,
        touchInterval: Duration = .seconds(10),
        lookupsPerSecond: Int = 500,
        failedLookupsPerTenantPerSecond: Int = 10,
        logger: Logger = Logger(label: "vouch.keys")
    ) {
        self.repository = repository
        self.cacheLifetime = cacheLifetime
        self.lookupLimit = RateLimitPolicy(name: "key-lookups", quota: lookupsPerSecond)
        self.failureLimit = RateLimitPolicy(name: "key-failures", quota: failedLookupsPerTenantPerSecond)
        self.listenerURL = listenerURL
        self.touchInterval = touchInterval
        self.logger = logger
    }

    enum Remembered: Equatable {
        case known(AuthenticatedKey)
        case unknown
        case lookUp(generation: UInt64)
        case throttled
    }

    /// What the cache says of `hash`; a lookup to make is counted against the lookup limit.
    func remembered(_ hash: [UInt8], tenant: TenantID, now: Date) -> Remembered {
        cache.withLock { cache in
            if let cached = cache.known[hash], cached.expires > now { return .known(cached.key) }
            if let until = cache.unknown[hash], until > now { return .unknown }
            // Keys naming a tenant whose made-up keys keep failing wait, whatever the total.
            if let arrival = cache.failureArrivals[tenant],
                arrival - now.timeIntervalSince1970 > failureLimit.window - failureLimit.emissionInterval
            {
                return .throttled
            }
            let (decision, arrival) = GCRA.decide(
                policy: lookupLimit,
                storedArrival: cache.lookupArrival,
                now: now.timeIntervalSince1970
            )
            guard decision.allowed else { return .throttled }
            cache.lookupArrival = arrival
            return .lookUp(generation: cache.generation)
        }
    }

    /// The key's tenant and scopes, or nil when the key is unknown, malformed or revoked.
    ///
    /// - Throws: `APIKeyLookupThrottled` when too many uncached keys arrive at once.
    public func authenticate(_ presented: String, now: Date = Date()) async throws -> AuthenticatedKey? {
        let hash = APIKeyMaterial.hash(presented)
        // A cached key is the path of nearly every request: nothing is parsed for it.
        if let cached = cache.withLock({ $0.known[hash] }), cached.expires > now {
            markUsed(cached.key)
            return cached.key
        }
        guard let (tenant, prefix) = APIKeyMaterial.parse(presented) else { return nil }
        let generation: UInt64
        switch remembered(hash, tenant: tenant, now: now) {
        case .known(let key):
            markUsed(key)
            return key
        case .unknown: return nil
        case .throttled: throw APIKeyLookupThrottled()
        case .lookUp(let current): generation = current
        }
        guard let (record, status, limits) = try await repository.findActive(tenant: tenant, lookupPrefix: prefix),
            APIKeyMaterial.constantTimeEquals(record.secretHash, hash)
        else {
            cache.withLock { cache in
                if cache.unknown.count >= Self.cacheCapacity { cache.unknown.removeAll() }
                cache.unknown[hash] = now.addingTimeInterval(cacheLifetime)
                if cache.failureArrivals.count >= Self.cacheCapacity { cache.failureArrivals.removeAll() }
                // Counted, never refused here: the refusal comes before the next lookup.
                let (_, arrival) = GCRA.decide(
                    policy: failureLimit,
                    storedArrival: cache.failureArrivals[tenant],
                    now: now.timeIntervalSince1970
                )
                cache.failureArrivals[tenant] = arrival ?? cache.failureArrivals[tenant]
            }
            return nil
        }
        let key = AuthenticatedKey(
            tenant: tenant,
            keyID: record.id,
            scopes: Set(record.scopes),
            tenantStatus: status,
            planLimits: limits
        )
        remember(key, hash: hash, readAt: generation, now: now)
        markUsed(key)
        return key
    }

    /// Caches a key read while the cache was at `generation`, unless a revocation or tenant
    /// change came meanwhile: what was read may be what it undid.
    func remember(_ key: AuthenticatedKey, hash: [UInt8], readAt generation: UInt64, now: Date) {
        cache.withLock { cache in
            guard cache.generation == generation else { return }
            if cache.known.count >= Self.cacheCapacity { cache.known.removeAll() }
            cache.known[hash] = CachedKey(key: key, expires: now.addingTimeInterval(cacheLifetime))
        }
    }

    /// A tenant's status (nil: no such tenant), cached for `cacheLifetime` and forgotten as soon
    /// as a change is announced, like the keys: a session token of a suspended tenant stops
    /// working when its keys do.
    public func tenantStatus(_ tenant: TenantID, now: Date = Date()) async throws -> Tenant.Status? {
        if let cached = statuses.withLock({ $0[tenant] }), cached.expires > now { return cached.status }
        let generation = cache.withLock { $0.generation }
        let status = try await TenantRepository.status(of: tenant, in: repository.database)
        // As for keys: a change announced while the status was read may not be in it.
        guard cache.withLock({ $0.generation }) == generation else { return status }
        statuses.withLock { statuses in
            if statuses.count >= Self.cacheCapacity { statuses.removeAll() }
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
        cache.withLock { cache in
            cache.known = cache.known.filter { $0.value.key.keyID != key }
            cache.generation &+= 1
        }
    }

    /// Drops every cached key of a tenant whose status changed (suspended or resumed).
    func forget(tenant: TenantID) {
        cache.withLock { cache in
            cache.known = cache.known.filter { $0.value.key.tenant != tenant }
            cache.generation &+= 1
        }
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

    /// Returns once `run()` hears revocations, suspensions and plan changes: from then on a
    /// change made anywhere reaches this instance's cache.
    public func listening() async {
        await revocationsHeard.wait()
    }

    /// Listens for revocations and flushes `last_used_at` until shutdown.
    public func run() async throws {
        defer { revocationsHeard.open() }
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
                    await listener.listening()
                    self.revocationsHeard.open()
                }
                group.addTask {
                    for await event in listener.events {
                        if case .notification(_, let payload) = event, let key = APIKeyID(payload) {
                            self.forget(key)
                        } else if case .notification(_, let payload) = event, let tenant = TenantID(payload) {
                            self.forget(tenant: tenant)
                        } else if case .notification(_, PlanRepository.everyTenant) = event {
                            // A plan's limits changed: every tenant on it must reread them.
                            self.cache.withLock { $0.forgetAll() }
                        } else if case .reconnected = event {
                            // Notifications may have been missed while disconnected.
                            self.cache.withLock { $0.forgetAll() }
                            self.statuses.withLock { $0.removeAll() }
                        }
                    }
                }
            } else {
                revocationsHeard.open()
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
