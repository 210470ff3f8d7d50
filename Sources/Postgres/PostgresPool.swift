import Foundation
import Logging
import Synchronization

/// How a `PostgresPool` behaves.
public struct PostgresPoolConfiguration: Sendable {
    /// libpq connection string or `postgresql://` URI.
    public var conninfo: String
    /// The most connections (and threads) the pool opens.
    public var maximumConnections: Int
    /// How long a caller waits for a free connection before `poolTimeout`.
    public var acquireTimeout: Duration

    public init(conninfo: String, maximumConnections: Int = 10, acquireTimeout: Duration = .seconds(10)) {
        self.conninfo = conninfo
        self.maximumConnections = maximumConnections
        self.acquireTimeout = acquireTimeout
    }
}

/// A bounded pool of connections, each on a thread of its own.
///
/// Callers wait in line when every connection is busy. A connection that the server dropped is
/// noticed when it is next taken out (or when a statement fails on it) and replaced, so the pool
/// recovers by itself after a server restart.
public final class PostgresPool: Sendable {
    private struct Waiter {
        let id: UInt64
        let deadline: ContinuousClock.Instant
        let continuation: CheckedContinuation<ConnectionWorker, any Error>
    }

    private struct State {
        var idle: [ConnectionWorker] = []
        var all: [ConnectionWorker] = []
        var waiters: [Waiter] = []
        var nextWaiterID: UInt64 = 0
        var closed = false
        /// Whether the task that times out waiters is running (one for all of them).
        var sweeping = false
    }

    public let configuration: PostgresPoolConfiguration
    private let state = Mutex(State())

    public init(configuration: PostgresPoolConfiguration) {
        self.configuration = configuration
    }

    /// Connections opened so far (busy or idle), for metrics and tests.
    public var openConnections: Int { state.withLock { $0.all.count } }

    /// Runs `body` with a connection on that connection's own thread.
    @discardableResult
    public func withConnection<T: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        let worker = try await acquire()
        defer { release(worker) }
        return try await worker.run(body)
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

    /// Closes idle connections and refuses new work; busy connections close when released.
    public func close() {
        let (workers, waiters) = state.withLock { state -> ([ConnectionWorker], [Waiter]) in
            state.closed = true
            let waiters = state.waiters
            state.waiters.removeAll()
            return (state.all, waiters)
        }
        for waiter in waiters { waiter.continuation.resume(throwing: PostgresError(kind: .poolClosed)) }
        for worker in workers { worker.stop() }
    }

    private func acquire() async throws -> ConnectionWorker {
        enum Decision {
            case ready(ConnectionWorker)
            case wait(startSweeper: Bool)
            case closed
        }
        let waiterID = state.withLock { state -> UInt64 in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        return try await withCheckedThrowingContinuation { continuation in
            let decision = state.withLock { state -> Decision in
                if state.closed { return .closed }
                if let worker = state.idle.popLast() { return .ready(worker) }
                if state.all.count < configuration.maximumConnections {
                    let worker = ConnectionWorker(
                        conninfo: configuration.conninfo,
                        name: "postgres-\(state.all.count + 1)"
                    )
                    state.all.append(worker)
                    return .ready(worker)
                }
                let deadline = ContinuousClock.now + configuration.acquireTimeout
                state.waiters.append(Waiter(id: waiterID, deadline: deadline, continuation: continuation))
                if state.sweeping { return .wait(startSweeper: false) }
                state.sweeping = true
                return .wait(startSweeper: true)
            }
            switch decision {
            case .ready(let worker): continuation.resume(returning: worker)
            case .closed: continuation.resume(throwing: PostgresError(kind: .poolClosed))
            case .wait(let startSweeper): if startSweeper { startTimeoutSweeper() }
            }
        }
    }

    /// Times out waiters past their deadline. One task serves every waiter and ends when none is
    /// left, so waiting for a connection costs no timer of its own.
    private func startTimeoutSweeper() {
        let interval = min(configuration.acquireTimeout / 4, .milliseconds(50))
        Task { [weak self] in
            while let self, self.expireWaiters() {
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// Fails the waiters whose deadline passed; returns whether any are still waiting.
    private func expireWaiters() -> Bool {
        let now = ContinuousClock.now
        let (expired, anyLeft) = state.withLock { state -> ([Waiter], Bool) in
            let expired = state.waiters.filter { $0.deadline <= now }
            state.waiters.removeAll { $0.deadline <= now }
            state.sweeping = !state.waiters.isEmpty
            return (expired, state.sweeping)
        }
        for waiter in expired { waiter.continuation.resume(throwing: PostgresError(kind: .poolTimeout)) }
        return anyLeft
    }

    private func release(_ worker: ConnectionWorker) {
        let (waiter, closed) = state.withLock { state -> (Waiter?, Bool) in
            if state.closed { return (nil, true) }
            if !state.waiters.isEmpty { return (state.waiters.removeFirst(), false) }
            state.idle.append(worker)
            return (nil, false)
        }
        if closed { worker.stop() }
        waiter?.continuation.resume(returning: worker)
    }
}
