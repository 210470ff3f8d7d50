import Crypto
import Foundation
import Postgres

/// The instance's signing keys (a table shared by all tenants, holding no tenant's data): the one
/// in force, made on first use, and every key ever used, for `/.well-known/vouch-keys`.
public struct SigningKeyRepository: Sendable {
    let pool: PostgresPool
    let keyring: Keyring

    public init(database: TenantDatabase, keyring: Keyring) {
        self.init(pool: database.pool, keyring: keyring)
    }

    /// Through another pool: the owner's, for the operator's rotation.
    public init(pool: PostgresPool, keyring: Keyring) {
        self.pool = pool
        self.keyring = keyring
    }

    /// The key that signs now, with its secret half; the first call on a new database makes it.
    public func current(now: Date = Date()) async throws -> InstanceSigningKey {
        if let key = try await inForce() { return key }
        try await insertNewKey(now: now)
        guard let key = try await inForce() else { throw VouchError.notFound("signing key") }
        return key
    }

    /// Whether the master key opens the key in force (made now on a new database): a server
    /// given the wrong master key learns so before it serves anything.
    public func masterKeyOpensKeys(now: Date = Date()) async throws -> Bool {
        do {
            _ = try await current(now: now)
            return true
        } catch is CryptoKitError {
            return false
        }
    }

    /// Seals every key's secret half under the current master key (a master key rotation);
    /// returns how many it re-sealed.
    public func rewrapUnderCurrentMasterKey() async throws -> Int {
        let keyring = keyring
        return try await pool.transaction { tx in
            var rewrapped = 0
            for row in try tx.query("SELECT id, private_key_sealed FROM signing_keys FOR UPDATE") {
                let (id, sealed) = try row.decode(String.self, [UInt8].self)
                guard let resealed = try keyring.rewrapSigningKey(sealed, keyID: id) else { continue }
                try tx.query("UPDATE signing_keys SET private_key_sealed = \(resealed) WHERE id = \(id)")
                rewrapped += 1
            }
            return rewrapped
        }
    }

    /// Every key, newest first, public halves only: what was signed with a retired key still
    /// verifies against the published list.
    public func published() async throws -> [InstanceSigningKey] {
        let rows = try await pool.query("SELECT public_key, created_at, retired_at FROM signing_keys ORDER BY created_at DESC")
        return try rows.map { row in
            let (raw, createdAt, retiredAt) = try row.decode([UInt8].self, Date.self, Date?.self)
            return InstanceSigningKey(
                publicKey: try Curve25519.Signing.PublicKey(rawRepresentation: raw),
                privateKey: nil,
                createdAt: createdAt,
                retiredAt: retiredAt
            )
        }
    }

    /// Retires the key in force and makes a new one (the operator's `vouch keys rotate-signing`,
    /// through the owner's connection): one statement, so servers see either key, never none.
    @discardableResult
    public func rotate(now: Date = Date()) async throws -> InstanceSigningKey {
        let (key, insertion) = try newKey(now: now)
        try await pool.transaction { tx in
            try tx.query("UPDATE signing_keys SET retired_at = \(now) WHERE retired_at IS NULL")
            try tx.query(insertion)
        }
        return InstanceSigningKey(publicKey: key.publicKey, privateKey: key, createdAt: now, retiredAt: nil)
    }

    private func inForce() async throws -> InstanceSigningKey? {
        let rows = try await pool.query("SELECT id, private_key_sealed, created_at FROM signing_keys WHERE retired_at IS NULL")
        guard let row = rows.first else { return nil }
        let (id, sealed, createdAt) = try row.decode(String.self, [UInt8].self, Date.self)
        let privateKey = try Curve25519.Signing.PrivateKey(rawRepresentation: try keyring.openSigningKey(sealed, keyID: id))
        return InstanceSigningKey(publicKey: privateKey.publicKey, privateKey: privateKey, createdAt: createdAt, retiredAt: nil)
    }

    /// A key in force unless another server made one meanwhile (the unique index keeps one).
    private func insertNewKey(now: Date) async throws {
        try await pool.query(try newKey(now: now).insertion)
    }

    /// A new key and the statement that stores it, its secret half sealed; a conflict with a key
    /// in force stores nothing.
    private func newKey(now: Date) throws -> (Curve25519.Signing.PrivateKey, insertion: PostgresQuery) {
        let key = Curve25519.Signing.PrivateKey()
        let id = InstanceSigningKey.thumbprint(key.publicKey)
        let sealed = try keyring.sealSigningKey(key.rawRepresentation, keyID: id)
        let insertion: PostgresQuery = """
            INSERT INTO signing_keys (id, public_key, private_key_sealed, created_at)
            VALUES (\(id), \(Array(key.publicKey.rawRepresentation)), \(sealed), \(now))
            ON CONFLICT DO NOTHING
            """
        return (key, insertion)
    }
}

/// The master key given does not open the keys this database holds.
public struct MasterKeyMismatch: Error, CustomStringConvertible {
    public init() {}

    public var description: String {
        "the master key does not open this database's keys: give the key it was made with "
            + "(during a rotation, the old one in VOUCH_ACCEPTED_MASTER_KEYS)"
    }
}
