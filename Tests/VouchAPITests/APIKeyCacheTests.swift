import Foundation
import Testing

@testable import VouchCore

@Suite("The API key cache: bad keys, floods and revocations")
struct APIKeyCacheTests {
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
            #expect(authenticator.remembered(APIKeyMaterial.hash(bogus[1]), now: now) == .unknown)
            let good = try await authenticator.authenticate(app.acme.apiKey, now: now.addingTimeInterval(1))
            #expect(good?.tenant == tenant)
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
            guard case .lookUp(let generation) = authenticator.remembered(hash, now: now) else {
                Issue.record("a new key must be looked up")
                return
            }
            let read = try #require(try await authenticator.authenticate(issued.secret, now: now))
            authenticator.forget(read.keyID)
            // … the revocation arrives before it stores what it read: nothing is cached.
            _ = try await app.services.apiKeys.revoke(tenant: app.acme.id, key: read.keyID)
            authenticator.remember(read, hash: hash, readAt: generation, now: now)
            #expect(authenticator.remembered(hash, now: now) != .known(read))
            #expect(try await authenticator.authenticate(issued.secret, now: now) == nil)
        }
    }
}
