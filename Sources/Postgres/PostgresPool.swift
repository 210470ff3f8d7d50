import Foundation
import Logging
import Metrics

/// How a `PostgresPool` behaves.
public struct PostgresPoolConfiguration: Sendable {
    /// libpq connection string or `postgresql://` URI.
    public var conninfo: String
    /// The most connections (and threads) the pool opens.
    public var maximumConnections: Int
    /// How long a caller waits for a free connection before `poolTimeout`.
    public var acquireTimeout: Duration

    /// Connections that serve `pipelined` statements, all from one thread.
    public var pipelineConnections: Int
    /// The nice value of the pool's threads: above 0 for a pool that serves background work.
    public var threadNiceness: Int32

    public init(
        conninfo: String,
        maximumConnections: Int = 10,
        acquireTimeout: Duration = .seconds(10),
        pipelineConnections: Int = 1,
        threadNiceness: Int32 = 0
    ) {
        self.conninfo = conninfo
        self.maximumConnections = maximumConnections
        self.acquireTimeout = acquireTimeout
        self.pipelineConnections = pipelineConnections
        self.threadNiceness = threadNiceness
    }
}

/// A bounded pool of connections, each on a thread of its own.
///
/// Work waits in one queue that the connections' threads drain; callers wait at most
/// `acquireTimeout` for a connection. A connection that the server dropped is noticed when it is
/// next used (or when a statement fails on it) and replaced, so the pool recovers by itself
/// after a server restart.
public final class PostgresPool: Sendable {
    public let configuration: PostgresPoolConfiguration
    private let queue = PoolJobQueue()
    private let driver: PipelineDriver

    public init(configuration: PostgresPoolConfiguration) {
        self.configuration = configuration
        self.driver = PipelineDriver(
            conninfo: configuration.conninfo,
            connections: configuration.pipelineConnections,
            threadNiceness: configuration.threadNiceness
        )
    }

    /// Connections (threads) opened so far, for metrics and tests.
    public var openConnections: Int {
        queue.condition.lock()
        defer { queue.condition.unlock() }
        return queue.workerCount
    }

    /// Connections open, busy with a job, and jobs waiting for one: the pool's use, for metrics.
    public var usage: (open: Int, busy: Int, waiting: Int) {
        queue.condition.lock()
        defer { queue.condition.unlock() }
        return (queue.workerCount, queue.workerCount - queue.idleWorkers, queue.jobs.count - queue.head)
    }

    /// How long work waited for a free connection (every pool of the process together).
    private let waitTimer = Metrics.Timer(label: "vouch_db_pool_wait_seconds", preferredDisplayUnit: .seconds)

    /// Runs `body` with a connection on that connection's own thread.
    @discardableResult
    public func withConnection<T: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        let enqueued = ContinuousClock.now
        return try await withCheckedThrowingContinuation { continuation in
            enqueue(
                PoolJob(
                    deadline: .now + configuration.acquireTimeout,
                    execute: { worker in
                        self.waitTimer.record(duration: ContinuousClock.now - enqueued)
                        continuation.resume(with: Result { try worker.withHealthyConnection(body) })
                    },
                    fail: { continuation.resume(throwing: $0) }
                )
            )
        }
    }

    /// Runs the statements pipelined as one implicit transaction (all or nothing, committed at
    /// once) and returns each one's rows. Statements of concurrent callers travel together in
    /// one round trip, each caller's still a transaction of its own.
    public func pipelined(_ queries: [PostgresQuery]) async throws -> [PostgresRows] {
        try await withCheckedThrowingContinuation { continuation in
            driver.submit(PipelineDriver.Job(queries: queries) { continuation.resume(with: $0) })
        }
    }

    private func enqueue(_ job: PoolJob) {
        queue.condition.lock()
        guard !queue.closed else {
            queue.condition.unlock()
            job.fail(PostgresError(kind: .poolClosed))
            return
        }
        queue.jobs.append(job)
        var startSweeper = false
        if queue.idleWorkers > 0 {
            queue.condition.signal()
        } else if queue.workerCount < configuration.maximumConnections {
            queue.workerCount += 1
            _ = ConnectionWorker(
                queue: queue,
                conninfo: configuration.conninfo,
                name: "postgres-\(queue.workerCount)",
                threadNiceness: configuration.threadNiceness
            )
        } else if !queue.sweeping {
            queue.sweeping = true
            startSweeper = true
        }
        queue.condition.unlock()
        if startSweeper { startTimeoutSweeper() }
    }

    /// Runs one statement outside any explicit transaction.
    @discardableResult
    public func query(_ query: PostgresQuery) async throws -> PostgresRows {
        try await withConnection { try $0.query(query) }
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    /// `prelude` statements (such as `set_config`) are pipelined with the first statement.
    @discardableResult
    public func transaction<T: Sendable>(
        prelude: [PostgresQuery] = [],
        _ body: @escaping @Sendable (PostgresTransaction) throws -> T
    ) async throws -> T {
        try await withConnection { connection in
            let transaction = PostgresTransaction(connection: connection, prelude: prelude)
            do {
                let value = try body(transaction)
                try transaction.commit()
                return value
            } catch {
                transaction.rollback()
                throw error
            }
        }
    }

    /// Refuses new work, fails what is still waiting, and lets each connection close once its
    /// current job is done.
    public func close() {
        driver.close()
        queue.condition.lock()
        queue.closed = true
        let waiting = queue.removeAll()
        queue.condition.broadcast()
        queue.condition.unlock()
        for job in waiting { job.fail(PostgresError(kind: .poolClosed)) }
    }

    /// Times out jobs that waited past their deadline while every connection was busy. One task
    /// serves every waiting job and ends when none is left, so waiting costs no timer of its own.
    private func startTimeoutSweeper() {
        let interval = min(configuration.acquireTimeout / 4, .milliseconds(50))
        Task { [queue] in
            while true {
                try? await Task.sleep(for: interval)
                let (expired, anyLeft) = queue.sweep(now: .now)
                for job in expired { job.fail(PostgresError(kind: .poolTimeout)) }
                if !anyLeft { return }
            }
        }
    }
}
