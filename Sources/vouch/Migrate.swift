import ArgumentParser
import Logging
import Postgres
import VouchCore

/// `vouch migrate`: applies pending migrations as the owner role.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations.")

    @OptionGroup var settings: SettingsOptions

    func run() async throws {
        let pool = try settings.adminPool()
        defer { pool.close() }
        let applied = try await settings.migrator().migrate(pool: pool, logger: Logger(label: "vouch.migrate"))
        print(applied.isEmpty ? "migrations: up to date" : "migrations: applied \(applied.map(\.name).joined(separator: ", "))")
    }
}
