import ArgumentParser
import Foundation
import Postgres
import VouchAPI
import VouchCore

/// `vouch jobs`: the operator's view of the verification queue.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "Show the verification job queue: jobs waiting, running and dead."
    )

    @OptionGroup var settings: SettingsOptions

    @Flag(help: "Print JSON: {\"queued\", \"running\", \"dead\"}.")
    var json = false

    @Flag(help: "Also return jobs whose worker vanished (lease expired) to the queue now.")
    var recover = false

    func run() async throws {
        let configuration = try settings.configuration()
        let pool = PostgresPool(configuration: PostgresPoolConfiguration(conninfo: configuration.databaseURL, maximumConnections: 1))
        defer { pool.close() }
        let queue = JobRepository(database: UnscopedDatabase(pool: pool))
        let recovered = recover ? try await queue.recoverExpired() : 0
        let counts = try await queue.counts()
        let report = Dictionary(uniqueKeysWithValues: JobState.allCases.map { ($0.rawValue, counts[$0] ?? 0) })
        if json {
            let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            for state in ["queued", "running", "dead"] {
                print("\(state.padding(toLength: 8, withPad: " ", startingAt: 0)) \(report[state] ?? 0)")
            }
            if recover { print("recovered \(recovered)") }
        }
    }
}
