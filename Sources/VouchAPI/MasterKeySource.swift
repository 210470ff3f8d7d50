import Crypto
import Foundation
import Postgres
import VouchCore

/// Where the master key comes from. The master key wraps every tenant's data key, so it is the
/// one secret that must never sit in the database or its backups.
///
/// Three sources ship: the environment, a file, and a command. A key-management service plugs in
/// as a command that prints the key (in base64) on its standard output — a KMS's "decrypt" of a
/// wrapped key, a secrets store's read — or as a type of its own conforming to this protocol.
public protocol MasterKeySource: Sendable {
    /// The 32-byte key; throws `ConfigurationError` when it cannot be had.
    func masterKey() throws -> SymmetricKey
}

/// The key as base64 text (`VOUCH_MASTER_KEY`).
public struct InlineMasterKey: MasterKeySource {
    let text: String
    let name: String

    public func masterKey() throws -> SymmetricKey { try MasterKeyText.decode(text, from: name) }
}

/// The key as base64 text in a file (`VOUCH_MASTER_KEY_FILE`), such as a mounted secret.
public struct FileMasterKey: MasterKeySource {
    let path: String

    public func masterKey() throws -> SymmetricKey {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(description: "VOUCH_MASTER_KEY_FILE: cannot read \(path)")
        }
        return try MasterKeyText.decode(String(decoding: data, as: UTF8.self), from: "VOUCH_MASTER_KEY_FILE")
    }
}

/// The key printed in base64 by a command (`VOUCH_MASTER_KEY_COMMAND`, run by `/bin/sh -c`):
/// the way to a key-management service. Run once, at start, before anything is served, and
/// given `timeout` to answer: a key service that hangs stops the start with an error instead.
public struct CommandMasterKey: MasterKeySource {
    let command: String
    var timeout: Int = 30

    public func masterKey() throws -> SymmetricKey {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["--kill-after=5", String(timeout), "/bin/sh", "-c", command]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw ConfigurationError(description: "VOUCH_MASTER_KEY_COMMAND could not be started: \(error)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        switch process.terminationStatus {
        case 0: return try MasterKeyText.decode(String(decoding: data, as: UTF8.self), from: "VOUCH_MASTER_KEY_COMMAND")
        case 124, 137: throw ConfigurationError(description: "VOUCH_MASTER_KEY_COMMAND did not answer within \(timeout) s")
        case let status: throw ConfigurationError(description: "VOUCH_MASTER_KEY_COMMAND exited with status \(status)")
        }
    }
}

enum MasterKeyText {
    /// 32 bytes in base64, surrounding space ignored.
    static func decode(_ text: String, from name: String) throws -> SymmetricKey {
        guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32 else {
            throw ConfigurationError(description: "\(name) must be 32 bytes in base64")
        }
        return SymmetricKey(data: data)
    }
}

extension AppConfiguration {
    /// Refuses, before anything is served, a master key that does not open this database's keys
    /// (on a new database, the first start makes the instance's signing key under it).
    public func refuseWrongMasterKey() async throws {
        let pool = PostgresPool(configuration: PostgresPoolConfiguration(conninfo: databaseURL, maximumConnections: 1))
        defer { pool.close() }
        guard try await MasterKeyCheck.opensDatabase(pool: pool, keyring: keyring) else {
            throw ConfigurationError(description: MasterKeyMismatch().description)
        }
    }
}
