import Foundation
import Postgres

/// The operator's key rotations, run through the owner's connection while servers keep serving.
///
/// Master key: every server first accepts the new key (`VOUCH_ACCEPTED_MASTER_KEYS`), then wraps
/// with it (`VOUCH_MASTER_KEY`, the old one accepted), so no server meets a key it cannot open;
/// `rewrapUnderCurrentMasterKey` then wraps every data key, webhook secret and signing key
/// under the new one, after which the old key can be dropped. A tenant's data key: `rotateDataKey` adds a new one that wraps every
/// applicant key made from then on, and `moveApplicantKeys` re-wraps the others in batches.
public struct KeyRotation: Sendable {
    let database: TenantDatabase
    let keyring: Keyring

    public init(database: TenantDatabase, keyring: Keyring) {
        self.database = database
        self.keyring = keyring
    }

    /// What a master key rotation re-wrapped.
    public struct Rewrapped: Sendable, Equatable {
        public var dataKeys = 0
        public var webhookSecrets = 0
        public var signingKeys = 0

        public init(dataKeys: Int = 0, webhookSecrets: Int = 0, signingKeys: Int = 0) {
            self.dataKeys = dataKeys
            self.webhookSecrets = webhookSecrets
            self.signingKeys = signingKeys
        }
    }

    /// Wraps everything the master key wraps under the current one, one tenant per transaction;
    /// what is already under it is left alone, so a run stopped midway is finished by another.
    public func rewrapUnderCurrentMasterKey(tenants: [TenantID]) async throws -> Rewrapped {
        var total = Rewrapped()
        let keyring = keyring
        for tenant in tenants {
            let (dataKeys, secrets) = try await database.transaction(tenant) { tx in
                (
                    try DataKeyRepository.rewrapUnderCurrentMasterKey(tx, tenant: tenant, keyring: keyring),
                    try WebhookRepository.rewrapSecrets(tx, tenant: tenant, keyring: keyring)
                )
            }
            total.dataKeys += dataKeys
            total.webhookSecrets += secrets
        }
        total.signingKeys = try await SigningKeyRepository(database: database, keyring: keyring).rewrapUnderCurrentMasterKey()
        return total
    }

    /// Adds a new data key for the tenant; returns its id.
    public func rotateDataKey(tenant: TenantID, now: Date = Date()) async throws -> UUID {
        let keyring = keyring
        return try await database.transaction(tenant) { tx in try DataKeyRepository.addKey(tx, tenant: tenant, keyring: keyring, now: now) }
    }

    /// Re-wraps up to `limit` applicant keys under the tenant's newest data key; returns how many
    /// (none: all are).
    public func moveApplicantKeys(tenant: TenantID, limit: Int) async throws -> Int {
        let keyring = keyring
        return try await database.transaction(tenant) { tx in
            try ApplicantKeyRepository.rewrapUnderNewestDataKey(tx, tenant: tenant, keyring: keyring, limit: limit)
        }
    }
}
