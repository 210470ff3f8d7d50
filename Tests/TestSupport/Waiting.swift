/// Every way a test lets time pass lives in this file, so that a search for `Task.sleep` in
/// `Tests/` finds nothing else (CI checks it): a test waits for a condition with a deadline, or
/// says why it lets a stretch of time go by — never sleeps and hopes.

/// A condition that did not come true within its deadline.
public struct WaitTimedOut: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Checks `condition` every `interval` until it holds or `timeout` has passed; returns whether
/// it held. The deadline is generous by default because suites run in parallel on few cores:
/// a passing test returns as soon as the condition holds, so only a failure waits it out.
public func eventually(
    timeout: Duration = .seconds(30),
    interval: Duration = .milliseconds(25),
    _ condition: () async throws -> Bool
) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: interval)
    }
    return try await condition()
}

/// Calls `probe` until it returns a value; throws `WaitTimedOut(failure)` after `timeout`.
public func poll<T>(
    within timeout: Duration,
    interval: Duration = .milliseconds(10),
    _ failure: String,
    _ probe: () async throws -> T?
) async throws -> T {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if let value = try await probe() { return value }
        try await Task.sleep(for: interval)
    }
    if let value = try await probe() { return value }
    throw WaitTimedOut(failure)
}

/// Lets `duration` pass on purpose, for a reason that is not a condition to wait for: a window
/// in which something must *not* happen (the assertion after it is the test), or a client's
/// pacing. `reason` says which, where the call is read.
public func letTimePass(_ duration: Duration, _ reason: StaticString) async throws {
    try await Task.sleep(for: duration)
}

/// A task that counts 10 ms sleeps until stopped: if the cooperative threads were blocked, it
/// would stop counting. Tests of blocking C calls run it alongside their work.
public struct Ticker: Sendable {
    private let task: Task<Int, Never>

    public init() {
        task = Task {
            var ticks = 0
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(10))
                ticks += 1
            }
            return ticks
        }
    }

    /// Stops the ticker; returns how many times it ticked.
    public func stop() async -> Int {
        task.cancel()
        return await task.value
    }
}
