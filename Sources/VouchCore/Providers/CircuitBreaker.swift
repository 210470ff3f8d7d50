import Synchronization

/// A per-provider circuit breaker: after `failureThreshold` failures in a row it opens and
/// refuses calls at once for `openDuration`; then one trial call is let through (half-open),
/// and its outcome closes the circuit or opens it again.
///
/// While open, the applicants waiting on the provider are not lost: their jobs fail fast and
/// the queue retries them with backoff until the provider is back.
public final class CircuitBreaker: Sendable {
    public struct Settings: Sendable {
        public var failureThreshold: Int
        public var openDuration: Duration

        public init(failureThreshold: Int = 5, openDuration: Duration = .seconds(30)) {
            self.failureThreshold = max(1, failureThreshold)
            self.openDuration = openDuration
        }
    }

    public enum State: String, Sendable {
        case closed
        case open
        case halfOpen = "half_open"
    }

    private struct Status {
        var consecutiveFailures = 0
        var openedAt: ContinuousClock.Instant?
        var trialInFlight = false
    }

    public let settings: Settings
    private let status = Mutex(Status())

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    public func state(now: ContinuousClock.Instant = .now) -> State {
        status.withLock { status in
            guard let openedAt = status.openedAt else { return .closed }
            return now - openedAt >= settings.openDuration ? .halfOpen : .open
        }
    }

    /// Whether a call may go out now. In half-open, only one trial at a time is allowed.
    public func allowCall(now: ContinuousClock.Instant = .now) -> Bool {
        status.withLock { status in
            guard let openedAt = status.openedAt else { return true }
            guard now - openedAt >= settings.openDuration, !status.trialInFlight else { return false }
            status.trialInFlight = true
            return true
        }
    }

    public func recordSuccess() {
        status.withLock { $0 = Status() }
    }

    public func recordFailure(now: ContinuousClock.Instant = .now) {
        status.withLock { status in
            status.consecutiveFailures += 1
            status.trialInFlight = false
            if status.openedAt != nil || status.consecutiveFailures >= settings.failureThreshold {
                status.openedAt = now
            }
        }
    }
}
