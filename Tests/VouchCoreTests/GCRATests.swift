import Testing

@testable import VouchCore

@Suite("GCRA")
struct GCRATests {
    /// Runs requests at the given times through one key, as a limiter stores its arrival time.
    func run(_ policy: RateLimitPolicy, at times: [Double]) -> [RateLimitDecision] {
        var stored: Double? = nil
        return times.map { now in
            let (decision, next) = GCRA.decide(policy: policy, storedArrival: stored, now: now)
            if let next { stored = next }
            return decision
        }
    }

    @Test("a burst of the quota passes at once, and the next request is refused")
    func burst() {
        let policy = RateLimitPolicy(name: "key", quota: 4, window: 1)
        let decisions = run(policy, at: Array(repeating: 0, count: 5))
        #expect(decisions.prefix(4).allSatisfy { $0.allowed })
        #expect(decisions.map(\.remaining) == [3, 2, 1, 0, 0])
        #expect(!decisions[4].allowed)
        #expect(decisions[4].retryAfterSeconds == 1)
    }

    @Test("after a burst, requests pass again at one per window / quota")
    func steadyRate() {
        let policy = RateLimitPolicy(name: "key", quota: 10, window: 10)
        // The quota at t = 0, then one at t = 0.5 (too soon) and t = 1 (one interval later).
        let decisions = run(policy, at: Array(repeating: 0, count: 10) + [0.5, 1.0, 1.0])
        #expect(decisions.prefix(10).allSatisfy { $0.allowed })
        #expect(!decisions[10].allowed, "half an interval is not enough")
        #expect(decisions[11].allowed, "one interval frees one request")
        #expect(!decisions[12].allowed, "and only one")
    }

    @Test("a refusal says how long until one request would pass")
    func retryAfter() {
        let policy = RateLimitPolicy(name: "tenant", quota: 2, window: 60)
        let decisions = run(policy, at: [0, 0, 0])
        #expect(decisions[2].allowed == false)
        #expect(decisions[2].retryAfterSeconds == 30, "one emission interval: 60 s / 2")
        #expect(decisions[2].resetSeconds == 60)
        #expect(decisions[1].resetSeconds == 60, "the bucket is whole again a window after the burst")
    }

    @Test("a refused request changes nothing")
    func refusalStoresNothing() {
        let policy = RateLimitPolicy(name: "key", quota: 1, window: 1)
        let (first, stored) = GCRA.decide(policy: policy, storedArrival: nil, now: 0)
        #expect(first.allowed)
        let (refused, unchanged) = GCRA.decide(policy: policy, storedArrival: stored, now: 0.1)
        #expect(!refused.allowed)
        #expect(unchanged == nil)
    }

    @Test("an idle key is whole again: time before the stored arrival is not owed")
    func idleKey() {
        let policy = RateLimitPolicy(name: "key", quota: 3, window: 3)
        let decisions = run(policy, at: [0, 0, 0, 100, 100, 100, 100])
        #expect(decisions[3...5].allSatisfy { $0.allowed })
        #expect(decisions[3].remaining == 2)
        #expect(!decisions[6].allowed)
    }

    @Test("the policy field states quota and window")
    func policyField() {
        #expect(RateLimitPolicy(name: "key", quota: 50, window: 1).fieldValue == "\"key\";q=50;w=1")
        #expect(RateLimitPolicy(name: "uploads", quota: 3, window: 0.5).fieldValue == "\"uploads\";q=3;w=0.5")
    }
}
