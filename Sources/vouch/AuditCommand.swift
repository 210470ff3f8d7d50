import ArgumentParser
import Base
import Foundation
import Postgres
import VouchAPI
import VouchCore

/// `vouch audit verify`: checks every tenant's audit hash chain; exits 1 when one is broken.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "The audit log's integrity.",
        subcommands: [Verify.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute each tenant's audit chain and report rows changed or removed (needs the owner connection)."
        )

        @OptionGroup var settings: SettingsOptions

        @Option(help: "Only this tenant (ten_…).")
        var tenant: String?

        func run() async throws {
            let only = try tenant.map { text in
                guard let id = TenantID(text) else { throw ValidationError("not a tenant id: \(text)") }
                return id
            }
            let pool = try settings.adminPool()
            defer { pool.close() }
            let reports = try await AuditChain.verify(adminPool: pool, tenant: only)
            for report in reports {
                let head = report.head.lowercaseHex
                print("\(report.tenant)\t\(report.intact ? "intact" : "BROKEN")\t\(report.rowsChecked) rows\thead \(head)")
                for problem in report.problems { print("  \(Self.describe(problem))") }
            }
            if reports.contains(where: { !$0.intact }) { throw ExitCode(1) }
        }

        static func describe(_ problem: AuditChainReport.Problem) -> String {
            switch problem {
            case .alteredRow(let seq): "row \(seq) was changed: its fields no longer give its hash"
            case .brokenLink(let seq): "row \(seq) does not follow the row before it: rows were removed or rewritten"
            case .truncated(let last, let head): "the chain ends at row \(last) but its head is row \(head): the newest rows were removed"
            }
        }
    }
}
