import Base
import Synchronization
import VouchCore

/// How much upload one instance works on at once, and how long one more waits for its turn.
public struct UploadAdmissionSettings: Sendable {
    /// Full-size uploads between reading their body and answering (`VOUCH_UPLOADS_IN_FLIGHT`);
    /// smaller uploads take their share of one, by their `Content-Length`.
    public var inFlight: Int
    /// How long an upload over the limit waits for a turn before `503 uploads_busy`
    /// (`VOUCH_UPLOAD_WAIT_MS`).
    public var wait: Duration
    /// Full-size uploads one tenant may have in flight at once
    /// (`VOUCH_UPLOADS_IN_FLIGHT_PER_TENANT`, half the instance's by default): a tenant sending
    /// uploads as fast as it can leaves the rest to the others.
    public var perTenant: Int
    /// The size of a full-size upload request, by which smaller ones are weighed.
    public var fullUploadBytes: Int

    public init(inFlight: Int = 8, wait: Duration = .seconds(2), perTenant: Int? = nil, fullUploadBytes: Int = 14 << 20) {
        self.inFlight = max(1, inFlight)
        self.wait = wait
        self.perTenant = min(self.inFlight, max(1, perTenant ?? self.inFlight / 2))
        self.fullUploadBytes = max(1, fullUploadBytes)
    }

    /// A full-size upload takes this many units of the instance's budget.
    public static let unitsPerUpload = 16

    /// The units an upload of `bytes` takes: at least one, at most a full upload's; a body of
    /// unknown length counts as full size.
    public func weight(bytes: Int?) -> Int {
        guard let bytes else { return Self.unitsPerUpload }
        let units = (Double(bytes) / Double(fullUploadBytes) * Double(Self.unitsPerUpload)).rounded(.up)
        return min(Self.unitsPerUpload, max(1, Int(saturating: units)))
    }
}

/// A counting semaphore for uploads, weighed by size. An upload holds its units from before its
/// body is read until it is answered, so the memory that uploads take is bounded by the budget,
/// not by how many clients send at once: a waiting upload's body stays in the socket. A tenant
/// holds at most its share, and a freed share goes to the longest waiter that fits.
public final class UploadGate: Sendable {
    private struct Waiter {
        var id: UInt64
        var tenant: TenantID?
        var weight: Int
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var available: Int
        var waiters: [Waiter] = []
        var nextID: UInt64 = 0
        var finished = 0
        /// Uploads holding units right now.
        var holders = 0
        /// Units held per tenant.
        var held: [TenantID: Int] = [:]

        /// Whether an upload of `weight` for `tenant` fits now; if so, takes its units.
        mutating func take(_ weight: Int, for tenant: TenantID?, share: Int) -> Bool {
            guard available >= weight else { return false }
            if let tenant {
                guard held[tenant, default: 0] + weight <= share else { return false }
                held[tenant, default: 0] += weight
            }
            available -= weight
            holders += 1
            return true
        }

        mutating func giveBack(_ weight: Int, for tenant: TenantID?) {
            available += weight
            holders -= 1
            finished += 1
            if let tenant {
                let left = held[tenant, default: weight] - weight
                held[tenant] = left > 0 ? left : nil
            }
        }

        /// Takes the units of every waiter that now fits, longest waiting first.
        mutating func admitWaiters(share: Int) -> [Waiter] {
            var admitted: [Waiter] = []
            var index = 0
            while index < waiters.count, available > 0 {
                if take(waiters[index].weight, for: waiters[index].tenant, share: share) {
                    admitted.append(waiters.remove(at: index))
                } else {
                    index += 1
                }
            }
            return admitted
        }
    }

    public let settings: UploadAdmissionSettings
    private let state: Mutex<State>
    private let share: Int

    public init(settings: UploadAdmissionSettings) {
        self.settings = settings
        share = settings.perTenant * UploadAdmissionSettings.unitsPerUpload
        state = Mutex(State(available: settings.inFlight * UploadAdmissionSettings.unitsPerUpload))
    }

    /// Uploads holding units right now.
    public var inFlight: Int { state.withLock { $0.holders } }

    /// Uploads finished since the start, however they ended.
    public var finished: Int { state.withLock { $0.finished } }

    /// Uploads waiting for a turn right now.
    public var waiting: Int { state.withLock { $0.waiters.count } }

    /// Why an upload got no permit in time.
    public struct Busy: Error {}

    /// Runs `body` holding the units of an upload of `bytes` (full size when unknown); throws
    /// `Busy` if they do not free up within the wait. They are given back however `body` ends,
    /// by returning, throwing or being cancelled.
    ///
    /// - Parameter tenant: whose upload it is; a tenant holds at most its share.
    public func withPermit<T>(for tenant: TenantID? = nil, bytes: Int? = nil, _ body: () async throws -> T) async throws -> T {
        let weight = settings.weight(bytes: bytes)
        try await acquire(weight, for: tenant)
        defer { release(weight, for: tenant) }
        return try await body()
    }

    func acquire(_ weight: Int, for tenant: TenantID?) async throws {
        if state.withLock({ [share] in $0.take(weight, for: tenant, share: share) }) { return }
        try await waitForTurn(weight, for: tenant)
    }

    /// Waits in line while a timer runs. Whichever ends first cancels the other; a permit
    /// handed over in the meantime is kept, never lost.
    private func waitForTurn(_ weight: Int, for tenant: TenantID?) async throws {
        enum Outcome: Sendable { case granted, timedOut, cancelled }
        let wait = settings.wait
        let granted = await withTaskGroup(of: Outcome.self) { group in
            group.addTask {
                do {
                    try await self.waitInLine(weight, for: tenant)
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

    private func waitInLine(_ weight: Int, for tenant: TenantID?) async throws {
        let share = share
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                // Decided under the lock: units freed or a cancellation since the fast path.
                let immediate: Bool? = state.withLock { state in
                    if state.take(weight, for: tenant, share: share) { return true }
                    if Task.isCancelled { return false }
                    state.waiters.append(Waiter(id: id, tenant: tenant, weight: weight, continuation: continuation))
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

    /// Gives the units back and hands them on to the waiters that now fit.
    func release(_ weight: Int, for tenant: TenantID?) {
        let admitted = state.withLock { [share] state in
            state.giveBack(weight, for: tenant)
            return state.admitWaiters(share: share)
        }
        for waiter in admitted { waiter.continuation.resume() }
    }
}
