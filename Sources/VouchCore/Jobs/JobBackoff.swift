import Foundation

/// When a failed job runs again: 1 s after its first try, doubling to at most 5 minutes, each
/// delay drawn at random from the upper half of its range so that jobs failing together do not
/// retry together.
public enum JobBackoff {
    /// The longest delay a job's retry can have.
    public static let maximum: Double = 300

    /// The seconds a retry after try `attempt` may wait: from half the ceiling to the ceiling.
    public static func range(attempt: Int) -> ClosedRange<Double> {
        let ceiling = min(maximum, pow(2, Double(max(0, attempt - 1))))
        return ceiling / 2...ceiling
    }

    /// Seconds before try `attempt + 1`.
    public static func delay(attempt: Int) -> Double {
        Double.random(in: range(attempt: attempt))
    }
}
