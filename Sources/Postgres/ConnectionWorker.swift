import Base
import Foundation

/// A unit of work waiting for a connection: run it on a worker's thread, or fail it.
struct PoolJob {
    let deadline: ContinuousClock.Instant
    let execute: (ConnectionWorker) -> Void
    let fail: (PostgresError) -> Void
}

/// The jobs waiting for a connection, shared by every worker thread of one pool.
///
/// Workers take the next job themselves as soon as they finish one, so a busy pool hands work
/// from one request to the next without waking anything else up.
final class PoolJobQueue: @unchecked Sendable {
    let condition = NSCondition()
    /// Guarded by `condition`. A taken job's slot is emptied at once: a job holds what its
    /// statements bind (a document's sealed bytes), which must not outlive it.
    var jobs: [PoolJob?] = []
    var head = 0
    var idleWorkers = 0
    var workerCount = 0
    var closed = false
    var sweeping = false

    var isEmpty: Bool { head == jobs.count }

    /// Removes and returns the oldest job; the caller holds the lock.
    func popFirst() -> PoolJob? {
        guard head < jobs.count else { return nil }
        let job = jobs[head]
        jobs[head] = nil
        head += 1
        if head > 64 && head * 2 > jobs.count {
            jobs.removeFirst(head)
            head = 0
        }
        return job
    }

    /// Removes the jobs whose deadline passed; the caller holds the lock.
    func removeExpired(now: ContinuousClock.Instant) -> [PoolJob] {
        let waiting = jobs[head...].compactMap { $0 }
        let expired = waiting.filter { $0.deadline <= now }
        guard !expired.isEmpty else { return [] }
        jobs = waiting.filter { $0.deadline > now }
        head = 0
        return expired
    }

    /// Takes the expired jobs out under the lock; says whether any job is still waiting (the
    /// sweeper stops when none is).
    func sweep(now: ContinuousClock.Instant) -> (expired: [PoolJob], anyLeft: Bool) {
        condition.lock()
        defer { condition.unlock() }
        let expired = removeExpired(now: now)
        sweeping = !isEmpty && !closed
        return (expired, sweeping)
    }

    /// Removes every waiting job; the caller holds the lock.
    func removeAll() -> [PoolJob] {
        let waiting = jobs[head...].compactMap { $0 }
        jobs = []
        head = 0
        return waiting
    }
}

/// A thread of its own that owns one connection and runs the pool's jobs on it.
///
/// libpq blocks the calling thread; running it here keeps the cooperative pool and the event
/// loops free. Callers `await` a job and are resumed through a continuation.
final class ConnectionWorker: @unchecked Sendable {
    private let queue: PoolJobQueue
    private let conninfo: String
    /// Touched only on the worker thread.
    private var connection: PostgresConnection?

    init(queue: PoolJobQueue, conninfo: String, name: String, threadNiceness: Int32 = 0) {
        self.queue = queue
        self.conninfo = conninfo
        let thread = Thread { [self] in
            ThreadPriority.lowerCurrent(to: threadNiceness)
            self.runLoop()
        }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }

    private func runLoop() {
        while let job = nextJob() {
            if job.deadline < .now {
                job.fail(PostgresError(kind: .poolTimeout))
            } else {
                job.execute(self)
            }
        }
        connection = nil
    }

    /// Waits for the next job; nil once the pool is closed and drained.
    private func nextJob() -> PoolJob? {
        queue.condition.lock()
        defer { queue.condition.unlock() }
        while queue.isEmpty && !queue.closed {
            queue.idleWorkers += 1
            queue.condition.wait()
            queue.idleWorkers -= 1
        }
        guard let job = queue.popFirst() else {
            queue.workerCount -= 1
            return nil
        }
        return job
    }

    /// Runs `body` with a healthy connection, reconnecting first when the previous one was lost.
    /// A transaction left open by `body` is rolled back; a connection whose error shows it is
    /// lost (or reaches a standby now) is dropped.
    func withHealthyConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        if let existing = connection, !existing.isHealthy() { connection = nil }
        let active: PostgresConnection
        if let existing = connection {
            active = existing
        } else {
            active = try PostgresConnection(conninfo: conninfo)
            connection = active
        }
        defer { reset(active) }
        do {
            return try body(active)
        } catch let error as PostgresError where error.isConnectionLoss {
            connection = nil
            throw error
        }
    }

    /// Returns the connection to a clean state, or drops it so the next job reconnects.
    private func reset(_ active: PostgresConnection) {
        guard connection === active, active.isOK else {
            connection = nil
            return
        }
        if active.isInTransaction {
            do { try active.query("ROLLBACK") } catch { connection = nil }
        }
    }
}
