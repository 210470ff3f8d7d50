import Configuration
import Foundation
import Postgres
import ProviderSimulator
import TestSupport
import Testing
import VouchCore

@testable import VouchAPI

@Suite("Configuration refuses what would weaken the service")
struct ConfigurationTests {
    static func reader(_ values: [AbsoluteConfigKey: ConfigValue]) -> ConfigReader {
        var all: [AbsoluteConfigKey: ConfigValue] = [
            "vouch.master.key": .init(stringLiteral: Data(repeating: 7, count: 32).base64EncodedString()),
            "vouch.database.url": "postgresql://vouch_app@127.0.0.1:1/vouch",
        ]
        all.merge(values) { _, given in given }
        return ConfigReader(providers: [InMemoryProvider(name: "test", values: all)])
    }

    @Test("secrets shorter than 32 bytes, or empty, are refused; 32 bytes are taken")
    func shortSecrets() throws {
        let short = Data(repeating: 1, count: 16).base64EncodedString()
        let long = Data(repeating: 1, count: 32).base64EncodedString()
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration(reader: Self.reader(["vouch.session.secret": .init(stringLiteral: short)]))
        }
        #expect(throws: ConfigurationError.self) { try AppConfiguration(reader: Self.reader(["vouch.session.secret": ""])) }
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration(reader: Self.reader(["vouch.regulator.callback.secret": "too-short"]))
        }
        #expect(throws: ConfigurationError.self) { try AppConfiguration(reader: Self.reader(["vouch.regulator.callback.secret": ""])) }
        let taken = try AppConfiguration(
            reader: Self.reader([
                "vouch.session.secret": .init(stringLiteral: long), "vouch.regulator.callback.secret": .init(stringLiteral: long),
            ])
        )
        #expect(taken.providers.regulatorCallbackSecret?.count == 32)
    }

    @Test("the master key comes from exactly one of the environment, a file and a command; a command that fails or hangs is refused")
    func masterKeySources() throws {
        let key = Data((0..<32).map { UInt8($0) })
        func reader(_ values: [AbsoluteConfigKey: ConfigValue]) -> ConfigReader {
            var all: [AbsoluteConfigKey: ConfigValue] = ["vouch.database.url": "postgresql://vouch_app@127.0.0.1:1/vouch"]
            all.merge(values) { _, given in given }
            return ConfigReader(providers: [InMemoryProvider(name: "test", values: all)])
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vouch-master-\(UUID().uuidString)")
        try Data((key.base64EncodedString() + "\n").utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let inline = try AppConfiguration(reader: reader(["vouch.master.key": .init(stringLiteral: key.base64EncodedString())]))
        let fromFile = try AppConfiguration(reader: reader(["vouch.master.key.file": .init(stringLiteral: file.path)]))
        let fromCommand = try AppConfiguration(reader: reader(["vouch.master.key.command": .init(stringLiteral: "cat '\(file.path)'")]))
        // The same key, whichever the source: what one seals, the others open.
        let sealed = try inline.keyring.sealSigningKey(Data("secret".utf8), keyID: "k")
        #expect(try fromFile.keyring.openSigningKey(sealed, keyID: "k") == Data("secret".utf8))
        #expect(try fromCommand.keyring.openSigningKey(sealed, keyID: "k") == Data("secret".utf8))

        let refused: [[AbsoluteConfigKey: ConfigValue]] = [
            [:],
            [
                "vouch.master.key": .init(stringLiteral: key.base64EncodedString()),
                "vouch.master.key.file": .init(stringLiteral: file.path),
            ],
            ["vouch.master.key.file": "/no/such/file"],
            ["vouch.master.key.command": "exit 3"],
            ["vouch.master.key.command": "echo not-a-key"],
            ["vouch.master.key": .init(stringLiteral: key.base64EncodedString()), "vouch.accepted.master.keys": "short"],
        ]
        for values in refused {
            #expect(throws: ConfigurationError.self, "\(values)") { try AppConfiguration(reader: reader(values)) }
        }
        let hanging = CommandMasterKey(command: "tail -f /dev/null", timeout: 1)
        #expect(throws: ConfigurationError.self) { try hanging.masterKey() }
        let rotating = try AppConfiguration(
            reader: reader([
                "vouch.master.key": .init(stringLiteral: Data(repeating: 1, count: 32).base64EncodedString()),
                "vouch.accepted.master.keys": .init(
                    stringLiteral: "\(Data(repeating: 2, count: 32).base64EncodedString()),\(key.base64EncodedString())"
                ),
            ])
        )
        #expect(try rotating.keyring.openSigningKey(sealed, keyID: "k") == Data("secret".utf8), "an accepted key still opens")
    }

    @Test("VOUCH_SCREENING names which lists screening asks; anything else is refused")
    func screeningLists() throws {
        #expect(try AppConfiguration(reader: Self.reader([:])).providers.screeningLists == .remote)
        for lists in ProviderSettings.ScreeningLists.allCases {
            let configuration = try AppConfiguration(reader: Self.reader(["vouch.screening": .init(stringLiteral: lists.rawValue)]))
            #expect(configuration.providers.screeningLists == lists)
        }
        #expect(throws: ConfigurationError.self) { try AppConfiguration(reader: Self.reader(["vouch.screening": "yente"])) }
    }

    @Test("pointed at the simulator, the server refuses to start, and its clients refuse the answers, unless allowed")
    func simulatedProviders() async throws {
        try await SimulatorHarness.withSimulator { simulator in
            let url: ConfigValue = .init(stringLiteral: simulator.baseURL)
            let production = try AppConfiguration(reader: Self.reader(["vouch.screening.url": url, "vouch.regulator.url": url]))
            #expect(production.providers.allowsSimulated == false)
            await #expect(throws: ConfigurationError.self) { try await production.providers.refuseSimulator() }

            let caller = ProviderCaller(name: "refusing", endpoint: try #require(production.providers.screening))
            defer { caller.close() }
            do {
                _ = try await caller.postJSON("/match/default", body: Array(#"{"queries": {}}"#.utf8), authorization: nil)
                Issue.record("a simulated answer was taken")
            } catch let error as ProviderError {
                #expect(error.code == "simulated_answer_refused")
            }

            let demo = try AppConfiguration(
                reader: Self.reader(["vouch.screening.url": url, "vouch.regulator.url": url, "vouch.allow.simulated.providers": true])
            )
            try await demo.providers.refuseSimulator()
            #expect(demo.providers.screening?.acceptsSimulatedAnswers == true)
        }
    }

    @Test("/readyz is answered from a second-old check, not a query per probe")
    func readinessIsCached() async throws {
        let database = try await TestDatabase.migrated()
        let pool = PostgresPool(configuration: .init(conninfo: database.appURL, maximumConnections: 1))
        let cached = HealthController(database: TenantDatabase(pool: pool), migrator: nil, freshFor: .seconds(60))
        let uncached = HealthController(database: TenantDatabase(pool: pool), migrator: nil, freshFor: .zero)
        #expect(await cached.currentReadiness() == .ready)
        #expect(await uncached.currentReadiness() == .ready)
        pool.close()
        #expect(await cached.currentReadiness() == .ready, "the minute-old answer stands")
        #expect(await uncached.currentReadiness() == .databaseUnavailable, "a fresh check sees the pool gone")
        try await database.drop()
    }
}
