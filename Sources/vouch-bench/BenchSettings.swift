import ArgumentParser
import Configuration
import Postgres
import VouchAPI

/// The database settings a bench that runs against Postgres needs, read as `vouch` reads them:
/// the command line, then the environment.
struct BenchSettings: ParsableArguments {
    @Option(help: "Application role connection string (else VOUCH_DATABASE_URL).")
    var databaseURL: String?

    @Option(help: "Owner connection string, to define the bench's plan (else VOUCH_ADMIN_DATABASE_URL).")
    var adminDatabaseURL: String?

    func configuration() throws -> AppConfiguration {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        if let databaseURL { values["vouch.database.url"] = .init(stringLiteral: databaseURL) }
        if let adminDatabaseURL { values["vouch.admin.database.url"] = .init(stringLiteral: adminDatabaseURL) }
        let reader = ConfigReader(providers: [
            InMemoryProvider(name: "command line", values: values),
            EnvironmentVariablesProvider(),
        ])
        do {
            return try AppConfiguration(reader: reader)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
    }

    /// A small pool on the owner's connection (or the application's when no owner is configured).
    func adminPool() throws -> PostgresPool {
        let configuration = try configuration()
        let url = configuration.adminDatabaseURL ?? configuration.databaseURL
        return PostgresPool(configuration: PostgresPoolConfiguration(conninfo: url, maximumConnections: 2))
    }
}
