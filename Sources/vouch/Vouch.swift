import ArgumentParser

/// The `vouch` command: the server and the operator's tools.
@main
struct Vouch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vouch",
        abstract: "Vouch: a multi-tenant KYC backend.",
        subcommands: [Serve.self, Migrate.self, TenantCommand.self, Routes.self]
    )
}
