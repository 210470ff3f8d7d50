import ArgumentParser
import Foundation
import Postgres
import VouchAPI
import VouchCore

/// `vouch erasures replay`: after a restore to a point in time, erases again every applicant that
/// was erased after that point, so that a restore never brings back someone who asked to be
/// forgotten.
struct ErasuresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erasures",
        abstract: "Erasures across restores.",
        subcommands: [Replay.self]
    )

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase on this database (the owner connection) every applicant erased on --from after --since.",
            discussion: """
                --from is the cluster whose audit log records the erasures: the one the restore \
                was taken from, or a restore of it to a later time. --since is the restore's target.
                """
        )

        @OptionGroup var settings: SettingsOptions

        @Option(help: "Connection string of the cluster whose audit log lists the erasures.")
        var from: String

        @Option(help: "The restored point in time (ISO 8601 with a zone): erasures after it are replayed.")
        var since: String

        @Flag(help: "List the erasures without making them.")
        var dryRun = false

        func run() async throws {
            guard let since = RestoreCommand.parseTime(since) else {
                throw ValidationError("--since must be an ISO 8601 time with a zone, such as 2026-12-07T12:00:00Z")
            }
            let source = PostgresPool(configuration: .init(conninfo: from, maximumConnections: 1))
            defer { source.close() }
            let erasures = try await Self.erasures(in: source, after: since)
            let target = try settings.adminPool()
            defer { target.close() }
            let applicants = ApplicantRepository(database: TenantDatabase(pool: target), keyring: try settings.configuration().keyring)
            var erased = 0
            let formatter = ISO8601DateFormatter()
            for (tenant, applicant, at) in erasures {
                let outcome: String
                if dryRun {
                    outcome = "to erase"
                } else if try await applicants.erase(tenant: tenant, id: applicant, now: at) != nil {
                    outcome = "erased"
                    erased += 1
                } else {
                    outcome = "already erased or absent"
                }
                print("\(tenant)\t\(applicant)\t\(formatter.string(from: at))\t\(outcome)")
            }
            print("\(erasures.count) erasures after \(formatter.string(from: since)); \(erased) replayed")
        }

        /// Every `applicant.erased` in the audit log after `time`, oldest first.
        static func erasures(in pool: PostgresPool, after time: Date) async throws -> [(TenantID, ApplicantID, Date)] {
            let rows = try await pool.query(
                """
                SELECT tenant_id, object_id, occurred_at FROM audit_events
                WHERE action = 'applicant.erased' AND occurred_at > \(time) ORDER BY occurred_at
                """
            )
            return try rows.map { row in
                let (tenant, object, at) = try row.decode(UUID.self, String.self, Date.self)
                guard let applicant = ApplicantID(object) else {
                    throw CommandFailure("the audit log names an applicant that is not one: \(object)")
                }
                return (TenantID(uuid: tenant), applicant, at)
            }
        }
    }
}
