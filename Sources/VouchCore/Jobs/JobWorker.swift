import Foundation
import Logging
import Postgres
import ServiceLifecycle
import Synchronization

/// How a worker pulls jobs.
public struct JobWorkerConfiguration: Sendable, ClaimLoopSettings {
    /// Jobs run at once by this process.
    public var concurrency: Int = 4
    /// How long a claimed job is held before another worker may take it over.
    public var lease: Duration = .seconds(120)
    /// The fallback poll when no notification arrives (notifications can be lost with a connection).
    public var pollInterval: Duration = .seconds(2)
    /// Expired leases are recovered this often.
    public var recoveryInterval: Duration = .seconds(15)
    /// On shutdown: how long running jobs may take to finish before they are cancelled and
    /// handed back to the queue.
    public var drainTimeout: Duration = .seconds(25)

    public init() {}
}

/// The verification workers: claim jobs (woken by LISTEN/NOTIFY, polling as a fallback), run
/// them concurrently, and stop claiming on graceful shutdown while letting running jobs finish.
public final class JobWorker: Service {
    let queue: JobRepository
    let claims: ClaimRepository
    let runner: JobRunner
    let configuration: JobWorkerConfiguration
    let name: String
    let loop: ClaimLoop<ClaimedJob>

    /// - Parameters:
    ///   - database: the door across tenants, to claim due jobs with.
    ///   - listenerURL: a connection string for the LISTEN connection (nil polls only).
    ///   - clock: what leases are measured against.
    public init(
        database: UnscopedDatabase,
        runner: JobRunner,
        listenerURL: String?,
        configuration: JobWorkerConfiguration = JobWorkerConfiguration(),
        clock: LeaseClock = .database,
        logger: Logger
    ) {
        self.queue = JobRepository(database: database, clock: clock)
        self.claims = ClaimRepository(database: database)
        self.runner = runner
        self.configuration = configuration
        self.name = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))"
        self.loop = ClaimLoop(
            settings: configuration,
            listenerURL: listenerURL,
            channel: JobRepository.channel,
            logger: logger
        )
    }

    /// Runs on the background executor: checks and decisions yield the cores to requests.
    public func run() async throws {
        let (queue, claims, runner, name, lease) = (queue, claims, runner, name, configuration.lease)
        try await withTaskExecutorPreference(BackgroundExecutor.shared) {
            try await loop.run(
                recover: { _ = try await queue.recoverExpired() },
                claim: { room in try await queue.claim(worker: name, limit: room, lease: lease) },
                work: { job in await runner.run(job) },
                release: { try await claims.release(of: name) }
            )
        }
    }
}
