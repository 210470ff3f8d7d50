import ArgumentParser
import Foundation
import NIOCore
import NIOPosix

/// The `vouch` command: the server and the operator's tools.
struct Vouch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vouch",
        abstract: "Vouch: a multi-tenant KYC backend.",
        subcommands: [
            Serve.self, Migrate.self, TenantCommand.self, PlanCommand.self, BillingCommand.self, AuditCommand.self, JobsCommand.self,
            Routes.self, MRZCommand.self, ListsCommand.self, BackupCommand.self, RestoreCommand.self, ErasuresCommand.self,
            CertificateCommand.self, KeysCommand.self,
        ]
    )
}

@main
enum Main {
    static func main() async {
        // Swift concurrency runs on NIO's event loop threads instead of a pool of its own: on two
        // cores, every hop between the two pools was a context switch per request. Must run on
        // the main thread, before anything else: it is the first statement here.
        if !NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor() {
            FileHandle.standardError.write(Data("note: Swift concurrency keeps its own thread pool\n".utf8))
        }
        await Vouch.main()
    }
}
