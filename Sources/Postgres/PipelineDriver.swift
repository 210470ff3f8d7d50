import Base
import CLibPQ
import Foundation
import Glibc

/// Runs pipelined groups of statements over a few non-blocking connections from one thread that
/// waits on all their sockets at once (the way pgbench drives its clients).
///
/// A request's group costs one hand-off to this thread and one back, however many requests are
/// in flight: no thread per connection sleeps and wakes per request.
final class PipelineDriver: @unchecked Sendable {
    struct Job {
        let queries: [PostgresQuery]
        let complete: (Result<[PostgresRows], any Error>) -> Void
    }

    /// A group sent and not yet answered in full.
    private struct InFlight {
        let job: Job
        let expected: [PostgresConnection.Expectation]
        var next = 0
        var rows: [PostgresRows] = []
        var error: PostgresError?
    }

    /// One connection and what it has in flight; touched only on the driver thread.
    private final class Lane {
        let connection: PostgresConnection
        /// The socket as it was at connect: libpq reports -1 once the connection is gone.
        let socket: Int32
        var inFlight: [InFlight] = []
        var wantsWrite = false
        /// A statement's error showed the server cannot serve this connection any more (a primary
        /// turned standby): no new work goes here, and it closes once its groups are answered.
        var retiring = false

        init(connection: PostgresConnection) {
            self.connection = connection
            self.socket = connection.socket
        }
    }

    private let conninfo: String
    private let laneCount: Int
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var pending: [Job] = []
    private var closed = false
    /// The thread is (about to be) blocked in poll(2) and needs the pipe to wake up.
    private var isPolling = false
    /// The thread starts with the first job: pools that only run transactions never need it.
    private var started = false
    /// A pipe whose read end wakes the thread when work arrives.
    private let wakeup: Int32
    private let wakeupWriter: Int32
    /// Driver thread only.
    private var lanes: [Int32: Lane] = [:]
    private let threadNiceness: Int32

    init(conninfo: String, connections: Int, threadNiceness: Int32 = 0) {
        self.conninfo = conninfo
        self.threadNiceness = threadNiceness
        self.laneCount = max(1, connections)
        var ends: [Int32] = [0, 0]
        _ = pipe(&ends)
        for end in ends { _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK) }
        self.wakeup = ends[0]
        self.wakeupWriter = ends[1]
    }

    func submit(_ job: Job) {
        lock.lock()
        let isClosed = closed
        if !isClosed { pending.append(job) }
        // A busy driver picks the job up on its next turn: no system call per request.
        let mustWake = isPolling
        isPolling = false
        let mustStart = !isClosed && !started
        started = started || mustStart
        lock.unlock()
        if isClosed {
            job.complete(.failure(PostgresError(kind: .poolClosed)))
            return
        }
        if mustStart {
            let thread = Thread { [self] in
                ThreadPriority.lowerCurrent(to: threadNiceness)
                self.run()
            }
            thread.name = "postgres-pipeline"
            thread.start()
        } else if mustWake {
            wake()
        }
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = write(wakeupWriter, &byte, 1)
    }

    func close() {
        lock.lock()
        closed = true
        isPolling = false
        lock.unlock()
        wake()
    }

    private func run() {
        while true {
            lock.lock()
            let jobs = pending
            pending.removeAll(keepingCapacity: true)
            let isClosed = closed
            lock.unlock()
            if isClosed {
                failEverything(jobs, with: PostgresError(kind: .poolClosed))
                break
            }
            for job in jobs { dispatch(job) }
            for lane in Array(lanes.values) { flush(lane) }
            // A handful of sockets: poll(2) is as good as epoll here, and in every libc.
            let waiting = Array(lanes.values)
            var descriptors = [pollfd(fd: wakeup, events: Int16(POLLIN), revents: 0)]
            for lane in waiting {
                let events = Int16(POLLIN) | (lane.wantsWrite ? Int16(POLLOUT) : 0)
                descriptors.append(pollfd(fd: lane.socket, events: events, revents: 0))
            }
            lock.lock()
            let hasWork = !pending.isEmpty || closed
            isPolling = !hasWork
            lock.unlock()
            if hasWork {
                // Work arrived meanwhile: only look at the sockets, do not sleep.
                guard poll(&descriptors, nfds_t(descriptors.count), 0) > 0 else { continue }
            } else {
                let ready = poll(&descriptors, nfds_t(descriptors.count), -1)
                lock.lock()
                isPolling = false
                lock.unlock()
                guard ready > 0 else { continue }
            }
            if descriptors[0].revents != 0 {
                var drain = [UInt8](repeating: 0, count: 256)
                while read(wakeup, &drain, drain.count) > 0 {}
            }
            for (lane, descriptor) in zip(waiting, descriptors.dropFirst()) where descriptor.revents != 0 {
                if descriptor.revents & Int16(POLLOUT) != 0 { flush(lane) }
                if descriptor.revents & Int16(POLLIN | POLLERR | POLLHUP) != 0 { receive(on: lane) }
            }
        }
    }

    /// The pipe closes only when nothing can write to it any more: closing it when the thread
    /// ends would let a late `wake()` write into whatever socket reuses the descriptor.
    deinit {
        Glibc.close(wakeup)
        Glibc.close(wakeupWriter)
    }

    /// Sends a job on the least busy lane, opening lanes up to the limit.
    private func dispatch(_ job: Job) {
        var chosen: Lane?
        do {
            let lane = try chooseLane()
            chosen = lane
            let expected = try lane.connection.sendGroup(job.queries)
            lane.inFlight.append(InFlight(job: job, expected: expected))
        } catch {
            job.complete(.failure(error))
            if let chosen, !chosen.connection.isOK { drop(chosen) }
        }
    }

    private func chooseLane() throws -> Lane {
        // A connection the server dropped while it sat idle (a restart, pg_terminate_backend)
        // is noticed here, before work is sent on it.
        for lane in lanes.values
        where !lane.connection.isOK || (lane.inFlight.isEmpty && (lane.retiring || !lane.connection.isHealthy())) {
            drop(lane)
        }
        let serving = lanes.values.filter { !$0.retiring }
        if let idle = serving.min(by: { $0.inFlight.count < $1.inFlight.count }),
            idle.inFlight.isEmpty || lanes.count >= laneCount
        {
            return idle
        }
        let connection = try PostgresConnection(conninfo: conninfo)
        try connection.enterNonBlockingPipeline()
        let lane = Lane(connection: connection)
        lanes[lane.socket] = lane
        return lane
    }

    private func flush(_ lane: Lane) {
        let status = lane.connection.flush()
        lane.wantsWrite = status == 1
        if status == -1 { drop(lane) }
    }

    /// Reads every complete result and finishes the groups whose sync point arrived.
    private func receive(on lane: Lane) {
        guard lane.connection.consumeInput() else {
            drop(lane)
            return
        }
        while !lane.inFlight.isEmpty && !lane.connection.isBusy {
            // libpq ends each statement's results with a NULL; the next call moves on.
            guard let result = lane.connection.nextResult() else { continue }
            if PQresultStatus(result) == PGRES_PIPELINE_SYNC {
                PQclear(result)
                let done = lane.inFlight.removeFirst()
                done.job.complete(done.error.map { .failure($0) } ?? .success(done.rows))
                continue
            }
            var current = lane.inFlight[0]
            let expectation = current.next < current.expected.count ? current.expected[current.next] : nil
            current.next += 1
            do {
                if let rows = try lane.connection.accept(result, as: expectation) { current.rows.append(rows) }
            } catch let error as PostgresError {
                if current.error == nil { current.error = error }
                if error.isConnectionLoss { lane.retiring = true }
            } catch {}
            lane.inFlight[0] = current
        }
        if !lane.connection.isOK || (lane.retiring && lane.inFlight.isEmpty) { drop(lane) }
    }

    /// Fails what a broken connection had in flight and forgets it; the next job opens another.
    private func drop(_ lane: Lane) {
        let error = lane.connection.lostError
        lanes[lane.socket] = nil
        for inFlight in lane.inFlight { inFlight.job.complete(.failure(error)) }
        lane.inFlight.removeAll()
    }

    private func failEverything(_ jobs: [Job], with error: PostgresError) {
        for job in jobs { job.complete(.failure(error)) }
        for lane in lanes.values {
            for inFlight in lane.inFlight { inFlight.job.complete(.failure(error)) }
        }
        lanes.removeAll()
    }
}
