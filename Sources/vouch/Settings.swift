import ArgumentParser
import Configuration
import Foundation
import Logging
import Postgres
import VouchAPI
import VouchCore

/// Options every command shares; given on the command line they win over the environment.
struct SettingsOptions: ParsableArguments {
    @Option(help: "Application role connection string (else VOUCH_DATABASE_URL).")
    var databaseURL: String?

    @Option(help: "Owner connection string for migrations and operator commands (else VOUCH_ADMIN_DATABASE_URL).")
    var adminDatabaseURL: String?

    @Option(help: "Directory of numbered SQL migrations (else VOUCH_MIGRATIONS_DIR, default ./migrations).")
    var migrationsDir: String?

    /// Command line, then environment, then defaults.
    func reader(extra: [AbsoluteConfigKey: ConfigValue] = [:]) -> ConfigReader {
        var values = extra
        if let databaseURL { values["vouch.database.url"] = .init(stringLiteral: databaseURL) }
        if let adminDatabaseURL { values["vouch.admin.database.url"] = .init(stringLiteral: adminDatabaseURL) }
        if let migrationsDir { values["vouch.migrations.dir"] = .init(stringLiteral: migrationsDir) }
        return ConfigReader(providers: [
            InMemoryProvider(name: "command line", values: values),
            EnvironmentVariablesProvider(),
        ])
    }

    func configuration(extra: [AbsoluteConfigKey: ConfigValue] = [:]) throws -> AppConfiguration {
        do {
            return try AppConfiguration(reader: reader(extra: extra))
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
    }

    /// A small pool on the owner's connection (or the application's when no owner is configured).
    func adminPool() throws -> PostgresPool {
        PostgresPool(configuration: PostgresPoolConfiguration(conninfo: try adminURL(), maximumConnections: 2))
    }

    /// The owner's connection string (or the application's when no owner is configured).
    func adminURL() throws -> String {
        let reader = reader()
        guard
            let url = reader.string(forKey: "vouch.admin.database.url", isSecret: true)
                ?? reader.string(forKey: "vouch.database.url", isSecret: true)
        else { throw ValidationError("VOUCH_ADMIN_DATABASE_URL (or VOUCH_DATABASE_URL) is required") }
        return url
    }

    func migrator() -> Migrator {
        Migrator(directory: URL(fileURLWithPath: reader().string(forKey: "vouch.migrations.dir", default: "migrations")))
    }
}
