import ArgumentParser
import Configuration
import Hummingbird
import Logging
import ServiceLifecycle
import UnixSignals
import VouchAPI

/// `vouch serve`: the HTTP API and the verification workers, or either alone (`--role`).
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the HTTP API and run the verification workers.")

    @OptionGroup var settings: SettingsOptions

    @Option(help: "Address to listen on (else VOUCH_HOST, default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (else VOUCH_PORT, default 8080).")
    var port: Int?

    @Option(help: "api, worker or all (else VOUCH_ROLE, default all). A worker serves only /healthz and /readyz.")
    var role: String?

    @Option(help: "Jobs run at once by this process's workers (else VOUCH_WORKER_CONCURRENCY, default 4).")
    var workerConcurrency: Int?

    func run() async throws {
        var extra: [AbsoluteConfigKey: ConfigValue] = [:]
        if let host { extra["vouch.host"] = .init(stringLiteral: host) }
        if let port { extra["vouch.port"] = .init(integerLiteral: port) }
        if let role { extra["vouch.role"] = .init(stringLiteral: role) }
        if let workerConcurrency { extra["vouch.worker.concurrency"] = .init(integerLiteral: workerConcurrency) }
        var configuration = try settings.configuration(extra: extra)
        // Loaded before anything starts: missing or damaged models stop `serve` with their name.
        if configuration.role.runsWorkers { configuration.faceModels = try configuration.faceChecks.loadModels() }
        let level = configuration.logLevel
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level) }
        let logger = Logger(label: "vouch")
        if configuration.providers.allowsSimulated {
            logger.warning("VOUCH_ALLOW_SIMULATED_PROVIDERS is on: simulated provider answers are taken as real")
        }
        try await configuration.providers.refuseSimulator()
        try await configuration.refuseWrongMasterKey()
        let app = try await buildApplication(configuration, logger: logger)
        // SIGTERM: stop accepting, let in-flight requests, jobs and deliveries finish for the
        // grace period; the workers then cancel what is left and hand its claims back to the
        // queue themselves, while the pool is still up. The group's own bound comes after that.
        var group = ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.maximumGracefulShutdownDuration = configuration.shutdownGrace + .seconds(5)
        group.maximumCancellationDuration = .seconds(5)
        try await ServiceGroup(configuration: group).run()
        logger.info("stopped")
    }
}
