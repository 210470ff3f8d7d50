import Crypto
import Foundation
import Postgres

/// Whether a master key is the one this database's keys are wrapped by: checked before a server
/// serves or wraps anything, so a wrong key is refused instead of wrapping keys that the right
/// one can never open.
public enum MasterKeyCheck {
    /// True when the keyring opens the oldest tenant data key and the instance's signing key
    /// (which a new database gets now, under this key).
    public static func opensDatabase(pool: PostgresPool, keyring: Keyring) async throws -> Bool {
        let probe = try await pool.query("SELECT master_key_probe_tenant()")
        if let tenant = try probe.first?.decode(column: 0, as: UUID?.self) {
            let first = try await DataKeyRepository(database: TenantDatabase(pool: pool)).first(for: TenantID(uuid: tenant))
            guard let first, (try? keyring.unwrap(first, for: TenantID(uuid: tenant))) != nil else { return false }
        }
        return try await SigningKeyRepository(pool: pool, keyring: keyring).masterKeyOpensKeys()
    }
}
