import ArgumentParser
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import ProviderSimulator
import VouchAPI

/// `vouch-simulator`: the screening service and the regulator, simulated on loopback, for
/// development, tests and demos. A binary of its own, so the server's image does not carry it.
struct SimulateProviders: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vouch-simulator",
        abstract: "Serve simulated sanctions screening (yente match API) and regulator APIs with deterministic outcomes.",
        discussion: """
            Screening by last name: Sanctioned (sanctions hit, 1.0), Exposed (PEP hit, 0.92), Similar (weak \
            candidate, 0.55), Unavailable (HTTP 500); anyone else is clear. Regulator by document number prefix: \
            NOMATCH (no_match), PENDING (pending, then a signed callback with match), SLOW (20 s), ERROR (HTTP 500), \
            RATELIMIT (HTTP 429, Retry-After 1), MALFORMED (not JSON); anything else is match.
            """
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port = 8090

    @Option(help: "Vouch's regulator callback URL, e.g. http://127.0.0.1:8080/v1/callbacks/regulator.")
    var callbackURL: String?

    @Option(help: "Shared secret for callback signatures (else VOUCH_REGULATOR_CALLBACK_SECRET).")
    var callbackSecret: String?

    @Option(help: "Seconds between a pending answer and its callback.")
    var callbackDelaySeconds = 3

    func run() async throws {
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: .info) }
        let secret = callbackSecret ?? ProcessInfo.processInfo.environment["VOUCH_REGULATOR_CALLBACK_SECRET"]
        let settings = SimulatorSettings(
            host: host,
            port: port,
            callbackURL: callbackURL,
            callbackSecret: secret.map(ProviderSettings.secretBytes),
            callbackDelay: .seconds(callbackDelaySeconds)
        )
        try await ProviderSimulator(settings: settings).application().runService()
    }
}

@main
enum Main {
    static func main() async {
        // As in `vouch`: Swift concurrency on NIO's event loop threads. Must run first, on the
        // main thread.
        if !NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor() {
            FileHandle.standardError.write(Data("note: Swift concurrency keeps its own thread pool\n".utf8))
        }
        await SimulateProviders.main()
    }
}
