import Base
import Foundation
import Logging
import Postgres
import ServiceLifecycle
import Synchronization

/// Requests waiting for an applicant to change: long polls of its status
/// (`GET /v1/applicants/{id}/status?wait=N`).
///
/// Every event an applicant gets is announced at its commit (`EventRepository.append` notifies
/// `channel` with `tenant/applicant`), whichever instance or worker wrote it; one listener per
/// instance hears them and lets that applicant's waiters go. A waiter registers before it reads
/// the state it waits to see change, so a change between the read and the wait is not missed.
public final class ApplicantChangeWaiters: Service, Sendable {
    /// The channel applicant changes are announced on.
    public static let channel = "vouch_applicant_changed"

    /// One waiter's place.
    public struct Ticket: Sendable {
        let key: String
        let id: UInt64
        let latch: Latch
    }

    private struct State {
        var waiters: [String: [UInt64: Latch]] = [:]
        var next: UInt64 = 0
        var count = 0
    }

    private let state = Mutex(State())
    private let listenerURL: String?
    /// Waiters this instance holds at most; past it, a long poll answers at once.
    private let capacity: Int
    private let heard = Latch()
    private let logger: Logger

    public init(listenerURL: String?, capacity: Int = 2_000, logger: Logger = Logger(label: "vouch.applicant-changes")) {
        self.listenerURL = listenerURL
        self.capacity = capacity
        self.logger = logger
    }

    static func key(_ tenant: TenantID, _ applicant: ApplicantID) -> String {
        tenant.uuid.compactHex + "/" + applicant.uuid.compactHex
    }

    /// A place in the applicant's queue of waiters; nil when this instance holds all it may.
    public func register(tenant: TenantID, applicant: ApplicantID) -> Ticket? {
        let key = Self.key(tenant, applicant)
        return state.withLock { state -> Ticket? in
            guard state.count < capacity else { return nil }
            state.next &+= 1
            state.count += 1
            let ticket = Ticket(key: key, id: state.next, latch: Latch())
            state.waiters[key, default: [:]][ticket.id] = ticket.latch
            return ticket
        }
    }

    /// Returns when the applicant changes (since `register`), after `timeout`, or when the task
    /// is cancelled (the client went away), whichever is first.
    public func wait(_ ticket: Ticket, upTo timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await ticket.latch.wait() }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            // Lets whichever child is still waiting go, so the group can end.
            group.cancelAll()
            ticket.latch.open()
        }
    }

    /// How many requests wait on this instance now.
    public var waiting: Int { state.withLock { $0.count } }

    /// Gives the place back.
    public func cancel(_ ticket: Ticket) {
        state.withLock { state in
            guard state.waiters[ticket.key]?.removeValue(forKey: ticket.id) != nil else { return }
            state.count -= 1
            if state.waiters[ticket.key]?.isEmpty == true { state.waiters.removeValue(forKey: ticket.key) }
        }
    }

    func changed(_ key: String) {
        let latches = state.withLock { Array(($0.waiters[key] ?? [:]).values) }
        for latch in latches { latch.open() }
    }

    func changedAll() {
        let latches = state.withLock { $0.waiters.values.flatMap(\.values) }
        for latch in latches { latch.open() }
    }

    /// Returns once changes made anywhere reach this instance.
    public func listening() async {
        await heard.wait()
    }

    /// Listens for changes until shutdown.
    public func run() async throws {
        guard let listenerURL else {
            heard.open()
            try? await gracefulShutdown()
            return
        }
        let listener = try PostgresListener(url: listenerURL, channels: [Self.channel], logger: logger, threadName: "applicant-waits")
        await withDiscardingTaskGroup { group in
            group.addTask {
                await listener.listening()
                self.heard.open()
            }
            group.addTask {
                for await event in listener.events {
                    switch event {
                    case .notification(_, let payload): self.changed(payload)
                    // Changes may have been missed while disconnected: every waiter looks again.
                    case .reconnected: self.changedAll()
                    }
                }
            }
            try? await gracefulShutdown()
            listener.close()
            heard.open()
        }
    }
}
