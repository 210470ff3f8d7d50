import Foundation
import Logging
import Postgres
import ServiceLifecycle
import Synchronization

/// How a worker pulls jobs.
public struct JobWorkerConfiguration: Sendable {
    /// Jobs run at once by this process.
    public var concurrency: Int = 4
    /// How long a claimed job is held before another worker may take it over.
    public var lease: Duration = .seconds(120)
    /// The fallback poll when no notification arrives (notifications can be lost with a connection).
    public var pollInterval: Duration = .seconds(2)
    /// Expired leases are recovered this often.
    public var recoveryInterval: Duration = .seconds(15)

    public init() {}
}

/// The verification workers: claim jobs (woken by LISTEN/NOTIFY, polling as a fallback), run
/// them concurrently, and stop claiming on graceful shutdown while letting running jobs finish.
public final class JobWorker: Service {
    let queue: JobQueue
    let runner: JobRunner
    let listenerURL: String?
    let configuration: JobWorkerConfiguration
    let logger: Logger
    let name: String
    let wake = WakeSignal()
    private let running = Mutex(0)
    private let stopping = Mutex(false)

    /// `listenerURL`: a connection string for the LISTEN connection (nil polls only).
    public init(
        database: TenantDatabase,
        runner: JobRunner,
        listenerURL: String?,
        configuration: JobWorkerConfiguration = JobWorkerConfiguration(),
        logger: Logger
    ) {
        self.queue = JobQueue(database: database)
        self.runner = runner
        self.listenerURL = listenerURL
        self.configuration = configuration
        self.logger = logger
        self.name = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))"
    }

    public func run() async throws {
        let listener = try listenerURL.map {
            try PostgresListener(url: $0, channels: [JobQueue.channel], logger: logger)
        }
        await withDiscardingTaskGroup { group in
            if let listener {
                group.addTask { [wake] in
                    for await _ in listener.events { wake.signal() }
                }
            }
            await withGracefulShutdownHandler {
                await self.loop(group: &group)
            } onGracefulShutdown: {
                self.stopping.withLock { $0 = true }
                self.wake.signal()
            }
            listener?.close()
        }
    }

    /// Claims while there is room and work; otherwise waits for a wake-up or the poll interval.
    private func loop(group: inout DiscardingTaskGroup) async {
        var lastRecovery = ContinuousClock.now - configuration.recoveryInterval
        while !stopping.withLock({ $0 }) && !Task.isCancelled {
            if ContinuousClock.now - lastRecovery >= configuration.recoveryInterval {
                lastRecovery = ContinuousClock.now
                _ = try? await queue.recoverExpired()
            }
            let room = configuration.concurrency - running.withLock { $0 }
            var claimed: [ClaimedJob] = []
            if room > 0 {
                do {
                    claimed = try await queue.claim(worker: name, limit: room, lease: configuration.lease)
                } catch {
                    logger.warning("could not claim jobs", metadata: ["error_type": "\(type(of: error))"])
                }
            }
            for job in claimed {
                running.withLock { $0 += 1 }
                group.addTask {
                    await self.runner.run(job)
                    self.running.withLock { $0 -= 1 }
                    self.wake.signal()
                }
            }
            // A full batch means more may be waiting: claim again at once.
            if claimed.isEmpty || claimed.count < room {
                await wake.wait(timeout: configuration.pollInterval)
            }
        }
    }
}
