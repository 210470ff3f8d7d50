import Synchronization

/// How many uploads one instance works on at once, and how long one more waits for its turn.
public struct UploadAdmissionSettings: Sendable {
    /// Uploads between reading their body and answering (`VOUCH_UPLOADS_IN_FLIGHT`).
    public var inFlight: Int
    /// How long an upload over the limit waits for a turn before `503 uploads_busy`
    /// (`VOUCH_UPLOAD_WAIT_MS`).
    public var wait: Duration

    public init(inFlight: Int = 8, wait: Duration = .seconds(2)) {
        self.inFlight = max(1, inFlight)
        self.wait = wait
    }
}

/// A counting semaphore for uploads. An upload holds a permit from before its body is read
/// until it is answered, so the memory that uploads take is bounded by the permits, not by
/// how many clients send at once: a waiting upload's body stays in the socket.
public final class UploadGate: Sendable {
    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var available: Int
        var waiters: [Waiter] = []
        var nextID: UInt64 = 0
        var finished = 0
    }

    public let settings: UploadAdmissionSettings
    private let state: Mutex<State>

    public init(settings: UploadAdmissionSettings) {
        self.settings = settings
        state = Mutex(State(available: settings.inFlight))
    }

    /// Permits held right now.
    public var inFlight: Int { state.withLock { settings.inFlight - $0.available } }

    /// Uploads finished since the start, however they ended.
    public var finished: Int { state.withLock { $0.finished } }

    /// Uploads waiting for a permit right now.
    public var waiting: Int { state.withLock { $0.waiters.count } }

    /// Why an upload got no permit in time.
    public struct Busy: Error {}

    /// Runs `body` holding a permit; throws `Busy` if none frees up within the wait. The permit
    /// is given back however `body` ends, by returning, throwing or being cancelled.
    public func withPermit<T>(_ body: () async throws -> T) async throws -> T {
        try await acquire()
        defer { release() }
        return try await body()
    }

    func acquire() async throws {
        let taken = state.withLock { state in
            guard state.available > 0 else { return false }
            state.available -= 1
            return true
        }
        if taken { return }
        try await waitForTurn()
    }

    /// Waits in line while a timer runs. Whichever ends first cancels the other; a permit
    /// handed over in the meantime is kept, never lost.
    private func waitForTurn() async throws {
        enum Outcome: Sendable { case granted, timedOut, cancelled }
        let wait = settings.wait
        let granted = await withTaskGroup(of: Outcome.self) { group in
            group.addTask {
                do {
                    try await self.waitInLine()
                    return .granted
                } catch {
                    return .cancelled
                }
            }
            group.addTask {
                do {
                    try await Task.sleep(for: wait)
                    return .timedOut
                } catch {
                    return .cancelled
                }
            }
            var granted = false
            while let outcome = await group.next() {
                if outcome == .granted { granted = true }
                group.cancelAll()
            }
            return granted
        }
        if granted { return }
        try Task.checkCancellation()
        throw Busy()
    }

    private func waitInLine() async throws {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                // Decided under the lock: a permit freed or a cancellation since the fast path.
                let immediate: Bool? = state.withLock { state in
                    if state.available > 0 {
                        state.available -= 1
                        return true
                    }
                    if Task.isCancelled { return false }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                switch immediate {
                case true?: continuation.resume()
                case false?: continuation.resume(throwing: CancellationError())
                case nil: break
                }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Hands the permit to the longest waiter, or back to the pool.
    func release() {
        let next = state.withLock { state -> Waiter? in
            state.finished += 1
            if state.waiters.isEmpty {
                state.available += 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.continuation.resume()
    }
}
