import Base

/// A rate limit: `quota` requests per `window` seconds, as the IETF RateLimit fields state it.
public struct RateLimitPolicy: Sendable, Hashable {
    public let name: String
    public let quota: Int
    public let window: Double
    /// The `RateLimit-Policy` field's value, made once: it is on every response.
    public let fieldValue: String

    public init(name: String, quota: Int, window: Double = 1) {
        self.name = name
        self.quota = max(1, quota)
        self.window = max(0.001, window)
        let windowText = self.window == self.window.rounded() ? String(Int(saturating: self.window)) : String(self.window)
        self.fieldValue = "\"\(name)\";q=\(self.quota);w=\(windowText)"
    }

    /// Seconds between requests at the steady rate.
    var emissionInterval: Double { window / Double(quota) }
}

/// What one decision said, for the response's headers.
public struct RateLimitDecision: Sendable, Hashable {
    public var policy: RateLimitPolicy
    public var allowed: Bool
    /// Requests still allowed right now.
    public var remaining: Int
    /// Seconds until the quota is whole again (`t` of the RateLimit field).
    public var resetSeconds: Int
    /// When refused: seconds until one request would pass.
    public var retryAfterSeconds: Int
}

/// The generic cell rate algorithm: one timestamp per limited key (the theoretical arrival time
/// of the next request), no background refill. A burst of `quota` passes at once, then
/// requests pass at one per `window / quota`.
public enum GCRA {
    /// Decides for a request at `now` given the key's stored arrival time; returns the decision
    /// and the time to store.
    public static func decide(policy: RateLimitPolicy, storedArrival: Double?, now: Double) -> (RateLimitDecision, Double?) {
        let interval = policy.emissionInterval
        let tolerance = policy.window - interval
        let arrival = max(storedArrival ?? now, now)
        if arrival - now > tolerance {
            let wait = arrival - now - tolerance
            let decision = RateLimitDecision(
                policy: policy,
                allowed: false,
                remaining: 0,
                resetSeconds: Int(saturating: (arrival - now).rounded(.up)),
                retryAfterSeconds: max(1, Int(saturating: wait.rounded(.up)))
            )
            return (decision, nil)
        }
        let next = arrival + interval
        let remaining = max(0, Int(saturating: ((now + policy.window - next) / interval).rounded(.down) + 1e-9))
        let decision = RateLimitDecision(
            policy: policy,
            allowed: true,
            remaining: remaining,
            resetSeconds: Int(saturating: (next - now).rounded(.up)),
            retryAfterSeconds: 0
        )
        return (decision, next)
    }
}
