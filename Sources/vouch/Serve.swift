import ArgumentParser
import Configuration
import Hummingbird
import Logging
import VouchAPI

/// `vouch serve`: the HTTP API (workers join it in later roles).
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the HTTP API.")

    @OptionGroup var settings: SettingsOptions

    @Option(help: "Address to listen on (else VOUCH_HOST, default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (else VOUCH_PORT, default 8080).")
    var port: Int?

    func run() async throws {
        var extra: [AbsoluteConfigKey: ConfigValue] = [:]
        if let host { extra["vouch.host"] = .init(stringLiteral: host) }
        if let port { extra["vouch.port"] = .init(integerLiteral: port) }
        let configuration = try settings.configuration(extra: extra)
        let level = configuration.logLevel
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level) }
        let app = try await buildApplication(configuration, logger: Logger(label: "vouch"))
        try await app.runService()
    }
}
