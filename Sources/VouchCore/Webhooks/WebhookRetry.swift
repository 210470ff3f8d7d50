import Foundation

/// When a failed delivery is tried again: the pause the schedule gives after its try, jittered,
/// or longer if the receiver asked for longer with `Retry-After`.
struct WebhookRetry: Sendable {
    /// The range the schedule's pause is scaled by, so that deliveries failing together do not
    /// all come back together.
    static let jitter: ClosedRange<Double> = 0.9...1.1

    /// The pause after each failed try (the first try's, the second's …), then dead.
    var schedule: [TimeInterval]

    /// Seconds until the next try after try `attempt` (1 for the first), with the schedule's
    /// pause scaled by `jitter`; nil when the delivery is done: delivered, gone (410), or its
    /// schedule spent. The transport holds `Retry-After` to a day, so no answer can push a retry
    /// further.
    func delay(after attempt: Int, outcome: AttemptOutcome, jitter: Double) -> TimeInterval? {
        guard !outcome.succeeded, outcome.statusCode != 410, attempt >= 1, attempt - 1 < schedule.count else { return nil }
        return max(schedule[attempt - 1] * jitter, Double(outcome.retryAfterSeconds ?? 0))
    }
}
