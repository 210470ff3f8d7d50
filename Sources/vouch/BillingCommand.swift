import ArgumentParser
import Foundation
import Postgres
import VouchAPI
import VouchCore

/// `vouch billing export`: every tenant's bill for a month, as CSV or JSON on standard output.
struct BillingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "billing",
        abstract: "Billing exports for the operator.",
        subcommands: [Export.self]
    )

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every tenant's line items and totals for a month (needs the owner connection)."
        )

        @OptionGroup var settings: SettingsOptions

        @Option(help: "The month, YYYY-MM (not in the future).")
        var period: String

        @Option(help: "csv or json.")
        var format = "csv"

        func run() async throws {
            guard let period = BillingPeriod(period) else { throw ValidationError("--period must be a month, YYYY-MM") }
            guard period.hasStarted() else { throw ValidationError("--period \(period) is in the future") }
            guard format == "csv" || format == "json" else { throw ValidationError("--format must be csv or json") }
            let pool = try settings.adminPool()
            defer { pool.close() }
            let lines = try await BillingExport.allTenants(adminPool: pool, period: period)
            if format == "csv" {
                FileHandle.standardOutput.write(Data(BillingExport.csv(lines, period: period).utf8))
            } else {
                let data = try JSONEncoder().encode(BillingExport.json(lines, period: period))
                FileHandle.standardOutput.write(data + Data("\n".utf8))
            }
        }
    }
}
