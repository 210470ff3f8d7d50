import ArgumentParser
import Foundation
import Hummingbird
import Logging
import ProviderSimulator
import VouchAPI

/// `vouch simulate-providers`: the screening service and the regulator, simulated on loopback.
struct SimulateProviders: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate-providers",
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
