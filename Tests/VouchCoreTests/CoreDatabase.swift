import Crypto
import Foundation
import Postgres
import TestSupport
import VouchCore

/// A fresh migrated database with one tenant, reached as the server reaches it.
struct CoreDatabase: Sendable {
    let unscoped: UnscopedDatabase
    let keyring: Keyring
    let tenant: TenantID

    var scoped: TenantDatabase { unscoped.scoped }

    static func with(_ body: @Sendable (CoreDatabase) async throws -> Void) async throws {
        let database = try await TestDatabase.migrated()
        let pool = PostgresPool(configuration: .init(conninfo: database.appURL, maximumConnections: 2))
        do {
            let unscoped = UnscopedDatabase(pool: pool)
            let keyring = Keyring(masterKey: SymmetricKey(size: .bits256))
            let tenant = try await TenantRepository(database: unscoped.scoped, keyring: keyring).create(name: "Acme").tenant
            try await body(CoreDatabase(unscoped: unscoped, keyring: keyring, tenant: tenant.id))
        } catch {
            pool.close()
            try? await database.drop()
            throw error
        }
        pool.close()
        try await database.drop()
    }
}
