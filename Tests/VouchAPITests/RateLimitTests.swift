import Foundation
import HTTPTypes
import HummingbirdTesting
import Postgres
import Testing
import VouchAPI
import VouchCore

@Suite("Rate limits: GCRA per key and per tenant")
struct RateLimitTests {
    @Test("a burst of 10,000 at one instant lets exactly the quota through; then the steady rate")
    func gcraBurst() {
        let limiter = InMemoryRateLimiter()
        let policy = RateLimitPolicy(name: "default", quota: 100, window: 1)
        let tenant = TenantID.generate()
        let key = RateLimitBucket.apiKey(APIKeyID.generate())
        let passed = (0..<10_000).filter { _ in limiter.decide(key, tenant: tenant, policy: policy, now: 1000).allowed }.count
        #expect(passed == 100)
        let refused = limiter.decide(key, tenant: tenant, policy: policy, now: 1000)
        #expect(!refused.allowed)
        #expect(refused.retryAfterSeconds == 1)
        #expect(refused.remaining == 0)
        let halfLater = (0..<1000).filter { _ in limiter.decide(key, tenant: tenant, policy: policy, now: 1000.5).allowed }.count
        #expect(halfLater == 50, "half a window refills half the quota")
        #expect(limiter.decide(.tenant, tenant: tenant, policy: policy, now: 1000).remaining == 99, "buckets are apart")
    }

    static let tight: @Sendable (inout AppConfiguration) -> Void = { configuration in
        configuration.rateLimits = RateLimitSettings(
            enabled: true,
            perKey: RateLimitPolicy(name: "default", quota: 5, window: 3600),
            perTenant: RateLimitPolicy(name: "tenant", quota: 7, window: 3600)
        )
    }

    @Test("every response says the limit and what is left; past it, 429 with Retry-After; the tenant limit spans keys")
    func headersAndRefusals() async throws {
        try await TestApp.withApp(configure: Self.tight) { app, client in
            var remaining: [String] = []
            for _ in 0..<5 {
                let response = try await client.send(.get, "/v1/applicants", key: app.acme.apiKey)
                #expect(response.status == .ok)
                #expect(response.headers[HTTPField.Name("RateLimit-Policy")!] == #""default";q=5;w=3600"#)
                remaining.append(response.headers[HTTPField.Name("RateLimit")!] ?? "")
            }
            #expect(remaining.first?.hasPrefix(#""default";r=4;t="#) == true, "\(remaining)")
            #expect(remaining.last?.hasPrefix(#""default";r=0;t="#) == true, "\(remaining)")
            let limited = try await client.send(.get, "/v1/applicants", key: app.acme.apiKey)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.code == "rate_limited")
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 > 0)
            #expect(limited.headers[HTTPField.Name("RateLimit")!]?.contains("r=0") == true)
            let notFound = try await Self.send(
                client,
                key: try await app.issueKey([.applicantsRead]).secret,
                "/v1/applicants/app_00000000000000000000000000000000"
            )
            #expect(notFound.status == .notFound)
            #expect(notFound.headers[HTTPField.Name("RateLimit")!] != nil, "errors carry the fields too")

            // A second key of Acme: its own limit, but Acme's tenant limit (7) is nearly spent.
            let second = try await app.issueKey([.applicantsRead])
            let last = try await Self.send(client, key: second.secret, "/v1/applicants")
            #expect(last.status == .ok, "the tenant's seventh: 5 + the 404 + this")
            let over = try await Self.send(client, key: second.secret, "/v1/applicants")
            #expect(over.status == .tooManyRequests, "the key has four left, the tenant none")
            #expect(over.headers[HTTPField.Name("RateLimit-Policy")!] == #""tenant";q=7;w=3600"#)
            // One noisy tenant does not slow another.
            #expect(try await client.send(.get, "/v1/applicants", key: app.globex.apiKey).status == .ok)
        }
    }

    @Test("200 concurrent requests against a quota of 50: exactly 50 pass")
    func concurrentBurst() async throws {
        let burst: @Sendable (inout AppConfiguration) -> Void = { configuration in
            configuration.rateLimits = RateLimitSettings(
                enabled: true,
                perKey: RateLimitPolicy(name: "default", quota: 50, window: 3600),
                perTenant: RateLimitPolicy(name: "tenant", quota: 1000, window: 3600)
            )
        }
        try await TestApp.withApp(configure: burst) { app, client in
            let key = app.acme.apiKey
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<200 { group.addTask { try await client.send(.get, "/healthz", key: nil).status.code } }
                for _ in 0..<200 { group.addTask { try await client.send(.get, "/v1/applicants?limit=1", key: key).status.code } }
                return try await group.reduce(into: [Int: Int]()) { $0[$1, default: 0] += 1 }
            }
            #expect(statuses[429] == 150)
            #expect(statuses[200] == 250, "50 limited reads and 200 health checks, which are not limited")
        }
    }

    static func send(_ client: some TestClientProtocol, key: String, _ path: String) async throws -> TestResponse {
        try await client.send(.get, path, key: key)
    }
}

@Suite("Rate limits shared through Postgres")
struct SharedRateLimitTests {
    @Test("two instances share one limit: exactly the quota passes across both, under concurrency")
    func twoInstances() async throws {
        try await TestApp.withApp { app, _ in
            let first = PostgresRateLimiter(database: app.services.database)
            let secondPool = PostgresPool(configuration: .init(conninfo: app.configuration.databaseURL, maximumConnections: 2))
            defer { secondPool.close() }
            let second = PostgresRateLimiter(database: TenantDatabase(pool: secondPool))
            let policy = RateLimitPolicy(name: "default", quota: 20, window: 3600)
            let tenant = app.acme.id
            let bucket = RateLimitBucket.apiKey(APIKeyID.generate())
            let allowed = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<60 {
                    let limiter = index % 2 == 0 ? first : second
                    group.addTask { await limiter.decide(bucket, tenant: tenant, policy: policy).allowed }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(allowed == 20)
            let refused = await second.decide(bucket, tenant: tenant, policy: policy)
            #expect(!refused.allowed)
            #expect(refused.retryAfterSeconds > 0)
            #expect(await first.decide(bucket, tenant: app.globex.id, policy: policy).allowed, "each tenant its own")
        }
    }

    @Test("with VOUCH_RATE_LIMIT=shared the server limits and answers as in memory")
    func throughTheServer() async throws {
        let shared: @Sendable (inout AppConfiguration) -> Void = { configuration in
            configuration.rateLimits = RateLimitSettings(
                enabled: true,
                shared: true,
                perKey: RateLimitPolicy(name: "default", quota: 3, window: 3600),
                perTenant: RateLimitPolicy(name: "tenant", quota: 100, window: 3600)
            )
        }
        try await TestApp.withApp(configure: shared) { app, client in
            var statuses: [Int] = []
            for _ in 0..<5 { statuses.append(try await client.send(.get, "/v1/applicants", key: app.acme.apiKey).status.code) }
            #expect(statuses == [200, 200, 200, 429, 429])
            let last = try await client.send(.get, "/v1/applicants", key: app.acme.apiKey)
            #expect(last.code == "rate_limited")
            #expect(last.headers[HTTPField.Name("RateLimit")!]?.hasPrefix(#""default";r=0;"#) == true)
        }
    }
}
