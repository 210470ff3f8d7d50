import ArgumentParser
import Foundation
import NIOCore
import NIOPosix

/// `vouch-bench …`: measurements that BENCHMARKS.md quotes. A binary of its own, so the server's
/// carries none of it.
struct VouchBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vouch-bench",
        abstract: "Measure parts of Vouch on this machine.",
        subcommands: [
            BenchVerification.self, BenchTransport.self, BenchWebhooks.self, BenchFace.self, BenchScreening.self, BenchMonitoring.self,
        ]
    )
}

@main
enum Main {
    static func main() async {
        // As in `vouch`: Swift concurrency on NIO's event loop threads, so what is measured runs
        // as it does in the server. Must run first, on the main thread.
        if !NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor() {
            FileHandle.standardError.write(Data("note: Swift concurrency keeps its own thread pool\n".utf8))
        }
        await VouchBench.main()
    }
}
