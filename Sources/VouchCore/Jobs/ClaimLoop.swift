import Foundation
import Logging
import Postgres
import ServiceLifecycle
import Synchronization

/// What a claim loop is told by its owner's configuration (the job workers', the webhook sender's).
protocol ClaimLoopSettings: Sendable {
    /// Claims handled at once.
    var concurrency: Int { get }
    /// The fallback poll when no notification arrives.
    var pollInterval: Duration { get }
    /// How often abandoned claims are returned to the queue.
    var recoveryInterval: Duration { get }
    /// On shutdown: how long running claims may take before they are cancelled and handed back.
    var drainTimeout: Duration { get }
}

/// The loop that the job workers and the webhook sender share: claim what is due while there is
/// room, run each claim concurrently, and sleep until a notification, a finished claim or the
/// poll interval; on graceful shutdown stop claiming and let what runs finish. What is still
/// running when the grace period ends is cancelled and handed back to its queue.
final class ClaimLoop<Claim: Sendable>: Sendable {
    let settings: any ClaimLoopSettings
    let listenerURL: String?
    let channel: String
    let logger: Logger
    let wake = WakeSignal()
    private let running = Mutex(0)
    private let stopping = Mutex(false)

    init(settings: any ClaimLoopSettings, listenerURL: String?, channel: String, logger: Logger) {
        self.settings = settings
        self.listenerURL = listenerURL
        self.channel = channel
        self.logger = logger
    }

    /// Runs until graceful shutdown. `recover` returns abandoned claims to their queue;
    /// `claim` takes up to its argument; `work` handles one claim; `release` gives back, at the
    /// end, whatever this loop still holds.
    func run(
        recover: @escaping @Sendable () async throws -> Void,
        claim: @escaping @Sendable (Int) async throws -> [Claim],
        work: @escaping @Sendable (Claim) async -> Void,
        release: @escaping @Sendable () async throws -> Int
    ) async throws {
        let listener = try listenerURL.map { try PostgresListener(url: $0, channels: [channel], logger: logger) }
        await withDiscardingTaskGroup { group in
            if let listener {
                group.addTask { [wake] in
                    for await _ in listener.events { wake.signal() }
                }
            }
            await withGracefulShutdownHandler {
                await self.loop(group: &group, recover: recover, claim: claim, work: work)
            } onGracefulShutdown: {
                self.stopping.withLock { $0 = true }
                self.wake.signal()
            }
            await self.drain(group: &group)
            listener?.close()
        }
        // Cancelled work may have left claims behind; without this they would wait for their
        // lease to expire.
        do {
            let released = try await release()
            if released > 0 { logger.info("claims handed back at shutdown", metadata: ["claims": "\(released)"]) }
        } catch {
            logger.warning("could not hand claims back; their leases will expire", metadata: ["error_type": "\(type(of: error))"])
        }
    }

    /// Lets running work finish for `drainTimeout`, then cancels it. This runs while the rest of
    /// the process (the connection pool above all) is still up, so what is cancelled can still
    /// be handed back.
    private func drain(group: inout DiscardingTaskGroup) async {
        let deadline = ContinuousClock.now + settings.drainTimeout
        while running.withLock({ $0 }) > 0 && ContinuousClock.now < deadline && !Task.isCancelled {
            await wake.wait(timeout: .milliseconds(100))
        }
        let left = running.withLock { $0 }
        if left > 0 {
            logger.info("cancelling unfinished work at shutdown", metadata: ["channel": "\(channel)", "running": "\(left)"])
            group.cancelAll()
        }
    }

    private func loop(
        group: inout DiscardingTaskGroup,
        recover: @escaping @Sendable () async throws -> Void,
        claim: @escaping @Sendable (Int) async throws -> [Claim],
        work: @escaping @Sendable (Claim) async -> Void
    ) async {
        var lastRecovery = ContinuousClock.now - settings.recoveryInterval
        while !stopping.withLock({ $0 }) && !Task.isCancelled {
            if ContinuousClock.now - lastRecovery >= settings.recoveryInterval {
                lastRecovery = ContinuousClock.now
                try? await recover()
            }
            let room = settings.concurrency - running.withLock { $0 }
            var claimed: [Claim] = []
            if room > 0 {
                do {
                    claimed = try await claim(room)
                } catch {
                    logger.warning("could not claim work", metadata: ["channel": "\(channel)", "error_type": "\(type(of: error))"])
                }
            }
            for item in claimed {
                running.withLock { $0 += 1 }
                group.addTask {
                    await work(item)
                    self.running.withLock { $0 -= 1 }
                    self.wake.signal()
                }
            }
            // A full batch means more may be waiting: claim again at once.
            if claimed.isEmpty || claimed.count < room {
                await wake.wait(timeout: settings.pollInterval)
            }
        }
    }
}
