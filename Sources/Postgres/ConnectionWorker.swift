import Foundation

/// A thread of its own that owns one connection and runs jobs on it in order.
///
/// libpq blocks the calling thread; running it here keeps the cooperative pool and the event
/// loops free. Callers `await` a job and are resumed through a continuation.
final class ConnectionWorker: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [() -> Void] = []
    private var stopping = false
    /// Touched only on the worker thread.
    private var connection: PostgresConnection?
    private let conninfo: String

    init(conninfo: String, name: String) {
        self.conninfo = conninfo
        let thread = Thread { [self] in self.runLoop() }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Runs `body` on the worker thread with a healthy connection, reconnecting first when the
    /// previous one was lost. A transaction left open by `body` is rolled back.
    func run<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            submit { [self] in
                continuation.resume(with: Result { try self.withHealthyConnection(body) })
            }
        }
    }

    /// Finishes queued jobs, closes the connection and ends the thread.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func submit(_ job: @escaping () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func runLoop() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty {
                condition.unlock()
                break
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
        connection = nil
    }

    private func withHealthyConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        if let existing = connection, !existing.isHealthy() { connection = nil }
        let active: PostgresConnection
        if let existing = connection {
            active = existing
        } else {
            active = try PostgresConnection(conninfo: conninfo)
            connection = active
        }
        defer { reset(active) }
        return try body(active)
    }

    /// Returns the connection to a clean state, or drops it so the next job reconnects.
    private func reset(_ active: PostgresConnection) {
        guard active.isOK else {
            connection = nil
            return
        }
        if active.isInTransaction {
            do { try active.query("ROLLBACK") } catch { connection = nil }
        }
    }
}
