import Foundation
import Testing

@testable import VouchCore

@Suite("The API key cache: bad keys, floods and revocations")
struct APIKeyCacheTests {
    /// A well-formed key of `tenant` that was never stored.
    static func madeUp(_ tenant: TenantID) -> String { APIKeyMaterial.issue(tenant: tenant, name: "x", scopes: []).secret }

    @Test("a bad key is remembered as bad; uncached lookups past the instance's limit are refused without the database")
    func badKeysAndFloods() async throws {
        try await TestApp.withApp { app, _ in
            let authenticator = APIKeyAuthenticator(repository: app.services.apiKeys, cacheLifetime: 60, lookupsPerSecond: 2)
            let tenant = app.acme.id
            let bogus = (0..<3).map { _ in APIKeyMaterial.issue(tenant: tenant, name: "never stored", scopes: []).secret }
            let now = Date()
            #expect(try await authenticator.authenticate(bogus[0], now: now) == nil)
            #expect(try await authenticator.authenticate(bogus[1], now: now) == nil)
            // Two lookups this second are spent: a third new key is refused before the database…
            await #expect(throws: APIKeyLookupThrottled.self) { try await authenticator.authenticate(bogus[2], now: now) }
            // … while a bad key seen before is answered from the cache, and a good one's lookup waits its turn.
            #expect(try await authenticator.authenticate(bogus[0], now: now) == nil)
            #expect(authenticator.remembered(APIKeyMaterial.hash(bogus[1]), tenant: tenant, now: now) == .unknown)
            let good = try await authenticator.authenticate(app.acme.apiKey, now: now.addingTimeInterval(1))
            #expect(good?.tenant == tenant)
        }
    }

    @Test("made-up keys naming one tenant are refused past ten failures a second; its real keys and other tenants go on")
    func failuresPerTenant() async throws {
        try await TestApp.withApp { app, _ in
            let authenticator = APIKeyAuthenticator(repository: app.services.apiKeys, cacheLifetime: 60)
            let now = Date()
            let cached = try await authenticator.authenticate(app.acme.apiKey, now: now)
            #expect(cached != nil, "cached before the flood")
            for _ in 0..<10 {
                let answer = try await authenticator.authenticate(Self.madeUp(app.acme.id), now: now)
                #expect(answer == nil)
            }
            await #expect(throws: APIKeyLookupThrottled.self) {
                try await authenticator.authenticate(Self.madeUp(app.acme.id), now: now)
            }
            let real = try await authenticator.authenticate(app.acme.apiKey, now: now)
            #expect(real?.tenant == app.acme.id, "its real key works from the cache")
            let other = try await authenticator.authenticate(Self.madeUp(app.globex.id), now: now)
            #expect(other == nil, "another tenant's is looked up, not refused")
            let later = try await authenticator.authenticate(Self.madeUp(app.acme.id), now: now.addingTimeInterval(2))
            #expect(later == nil, "looked up again a second later")
        }
    }

    @Test("a key read before its revocation is not cached after it")
    func revocationDuringLookup() async throws {
        try await TestApp.withApp { app, _ in
            let authenticator = APIKeyAuthenticator(repository: app.services.apiKeys, cacheLifetime: 3600)
            let issued = try await app.issueKey([.applicantsRead])
            let hash = APIKeyMaterial.hash(issued.secret)
            let now = Date()
            // A lookup starts and reads the key as active …
            guard case .lookUp(let generation) = authenticator.remembered(hash, tenant: app.acme.id, now: now) else {
                Issue.record("a new key must be looked up")
                return
            }
            let read = try #require(try await authenticator.authenticate(issued.secret, now: now))
            authenticator.forget(read.keyID)
            // … the revocation arrives before it stores what it read: nothing is cached.
            _ = try await app.services.apiKeys.revoke(tenant: app.acme.id, key: read.keyID)
            authenticator.remember(read, hash: hash, readAt: generation, now: now)
            #expect(authenticator.remembered(hash, tenant: app.acme.id, now: now) != .known(read))
            #expect(try await authenticator.authenticate(issued.secret, now: now) == nil)
        }
    }
}
