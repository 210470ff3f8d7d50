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
