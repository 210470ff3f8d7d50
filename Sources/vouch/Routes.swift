import ArgumentParser
import Crypto
import VouchAPI
import VouchCore

/// `vouch routes`: the routes the server registers, one `METHOD /path` a line.
struct Routes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the HTTP routes the server registers.")

    func run() async throws {
        // The router is built exactly as `serve` builds it; nothing connects to a database.
        let configuration = AppConfiguration(
            databaseURL: "postgresql://unused",
            keyring: Keyring(masterKey: SymmetricKey(size: .bits256))
        )
        let registry = RouteRegistry()
        _ = buildRouter(await AppServices(configuration: configuration), registry: registry)
        for route in registry.routes { print(route) }
    }
}
