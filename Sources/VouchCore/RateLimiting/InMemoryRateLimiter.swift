import Foundation
import Synchronization

/// Limits by key in this process's memory: one `Double` per key, under a lock held for a few
/// arithmetic operations. Keys idle for longer than their window are dropped now and then.
public final class InMemoryRateLimiter: Sendable {
    private struct State {
        var arrivals: [String: Double] = [:]
        var decisions = 0
    }

    private let state = Mutex(State())

    public init() {}

    public func decide(_ key: String, policy: RateLimitPolicy, now: Double = Date().timeIntervalSince1970) -> RateLimitDecision {
        state.withLock { state in
            state.decisions += 1
            if state.decisions % 100_000 == 0 {
                // Keys whose arrival time has passed hold no information: forget them.
                state.arrivals = state.arrivals.filter { $0.value > now }
            }
            let (decision, next) = GCRA.decide(policy: policy, storedArrival: state.arrivals[key], now: now)
            if let next { state.arrivals[key] = next }
            return decision
        }
    }
}
