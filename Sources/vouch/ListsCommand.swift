import ArgumentParser
import Base
import Foundation
import Postgres
import SanctionsIndex
import VouchAPI
import VouchCore

/// `vouch lists …`: the published sanctions and PEP lists Vouch screens against with its own index.
struct ListsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lists",
        abstract: "Load published lists (FollowTheMoney JSON lines) and show what is loaded.",
        subcommands: [Import.self, Status.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load a version of a list, full or a delta; it replaces the current one only once it is all in."
        )

        @OptionGroup var settings: SettingsOptions

        @Argument(help: "A file of FollowTheMoney entities, one JSON object per line.")
        var file: String

        @Option(help: "The list's name (a-z, 0-9, _ and -), such as sanctions or peps.")
        var dataset: String

        @Option(help: "The version's name (default: the time of the import, UTC, as YYYYMMDDhhmmss).")
        var version: String?

        @Flag(help: "The file is a delta of the current version: lines {\"op\": \"ADD\"|\"MOD\"|\"DEL\", \"entity\": {…}}.")
        var delta = false

        @Option(help: "Refuse the import when more lines than this cannot be read.")
        var maxBadLines = 1_000

        func run() async throws {
            let pool = try settings.adminPool()
            defer { pool.close() }
            let version = version ?? Self.timestamp()
            let base = try await ListRepository.begin(adminPool: pool, dataset: dataset, version: version, delta: delta)
            var load = ListImport(dataset: dataset, version: version, delta: delta, maximumBadLines: maxBadLines)
            try await load.read(file, into: pool) { lines, rate in
                FileHandle.standardError.write(Data("\r\(lines) lines, \(rate)/s".utf8))
            }
            FileHandle.standardError.write(Data("\n".utf8))
            for (line, reason) in load.firstBadLines { FileHandle.standardError.write(Data("line \(line): \(reason)\n".utf8)) }
            let count = try await ListRepository.finish(adminPool: pool, dataset: dataset, version: version, badLines: load.badLines)
            let from = base.map { " (a delta on \($0))" } ?? ""
            print("\(dataset) \(version)\(from): \(count) entities current; \(load.lines) lines read, \(load.badLines) could not be")
        }

        static func timestamp() -> String {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyyMMddHHmmss"
            return formatter.string(from: Date())
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show each list's versions, their entities and ages.")

        @OptionGroup var settings: SettingsOptions

        func run() async throws {
            let pool = try settings.adminPool()
            defer { pool.close() }
            let versions = try await ListRepository.versions(adminPool: pool)
            if versions.isEmpty { print("no lists loaded") }
            for version in versions {
                let age = Int(Date().timeIntervalSince(version.finishedAt ?? version.startedAt) / 3600)
                let base = version.baseVersion.map { " delta on \($0)" } ?? ""
                let changes = version.changes.map { "\($0) changed" } ?? "all new"
                print(
                    "\(version.dataset)\t\(version.version)\t\(version.state)\t\(version.entities) entities\t"
                        + "\(changes)\t\(version.badLines) bad lines\t\(age) h old\(base)"
                )
            }
        }
    }
}
