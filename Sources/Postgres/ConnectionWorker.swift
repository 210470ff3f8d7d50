import Foundation

/// A unit of work waiting for a connection: run it on a worker's thread, or fail it.
struct PoolJob {
    enum Work {
        /// Arbitrary work with the connection.
        case run((ConnectionWorker) -> Void)
        /// Statements to pipeline as one implicit transaction. Consecutive ones from different
        /// callers share a round trip.
        case pipeline([PostgresQuery], (Result<[PostgresRows], any Error>) -> Void)
    }

    let deadline: ContinuousClock.Instant
    let work: Work
    let fail: (PostgresError) -> Void
}

/// The jobs waiting for a connection, shared by every worker thread of one pool.
///
/// Workers take the next job themselves as soon as they finish one, so a busy pool hands work
/// from one request to the next without waking anything else up.
final class PoolJobQueue: @unchecked Sendable {
    let condition = NSCondition()
    /// Guarded by `condition`.
    var jobs: [PoolJob] = []
    var head = 0
    var idleWorkers = 0
    var workerCount = 0
    var closed = false
    var sweeping = false

    var isEmpty: Bool { head == jobs.count }

    /// Removes the pipelined jobs at the front, up to `limit`; the caller holds the lock.
    func popPipelined(limit: Int) -> [PoolJob] {
        var taken: [PoolJob] = []
        while taken.count < limit, head < jobs.count, case .pipeline = jobs[head].work {
            taken.append(jobs[head])
            head += 1
        }
        return taken
    }

    /// Removes and returns the oldest job; the caller holds the lock.
    func popFirst() -> PoolJob? {
        guard head < jobs.count else { return nil }
        let job = jobs[head]
        head += 1
        if head > 64 && head * 2 > jobs.count {
            jobs.removeFirst(head)
            head = 0
        }
        return job
    }

    /// Removes the jobs whose deadline passed; the caller holds the lock.
    func removeExpired(now: ContinuousClock.Instant) -> [PoolJob] {
        let waiting = jobs[head...]
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
        let waiting = Array(jobs[head...])
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

    init(queue: PoolJobQueue, conninfo: String, name: String) {
        self.queue = queue
        self.conninfo = conninfo
        let thread = Thread { [self] in self.runLoop() }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// The most callers' statements sent in one round trip.
    static let batchLimit = 32

    private func runLoop() {
        while let batch = nextJobs() {
            let now = ContinuousClock.now
            let live = batch.filter { job in
                if job.deadline < now { job.fail(PostgresError(kind: .poolTimeout)) }
                return job.deadline >= now
            }
            guard let first = live.first else { continue }
            if case .run(let execute) = first.work {
                execute(self)
            } else {
                runPipelined(live)
            }
        }
        connection = nil
    }

    /// Sends the jobs' statements in one round trip, each job its own implicit transaction.
    private func runPipelined(_ jobs: [PoolJob]) {
        var groups: [[PostgresQuery]] = []
        var completions: [(Result<[PostgresRows], any Error>) -> Void] = []
        for job in jobs {
            guard case .pipeline(let queries, let complete) = job.work else { continue }
            groups.append(queries)
            completions.append(complete)
        }
        do {
            let outcomes = try withHealthyConnection { try $0.pipeline(groups: groups) }
            for (complete, outcome) in zip(completions, outcomes) { complete(outcome.mapError { $0 }) }
        } catch {
            for complete in completions { complete(.failure(error)) }
        }
    }

    /// Waits for work: one job, or a run of pipelined ones. Nil once the pool is closed and
    /// drained.
    private func nextJobs() -> [PoolJob]? {
        queue.condition.lock()
        defer { queue.condition.unlock() }
        while queue.isEmpty && !queue.closed {
            queue.idleWorkers += 1
            queue.condition.wait()
            queue.idleWorkers -= 1
        }
        let pipelined = queue.popPipelined(limit: Self.batchLimit)
        if !pipelined.isEmpty { return pipelined }
        guard let job = queue.popFirst() else {
            queue.workerCount -= 1
            return nil
        }
        return [job]
    }

    /// Runs `body` with a healthy connection, reconnecting first when the previous one was lost.
    /// A transaction left open by `body` is rolled back.
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
