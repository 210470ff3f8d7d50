import Foundation
import Postgres

/// What opening a tenant's test mode writes: its twin's tenant row (the live tenant's name,
/// plan, status and retention), a data key of its own and, for a new tenant, a first test key.
///
/// Written in the live tenant's transaction: the live row is read in the live scope, then the
/// transaction switches to the twin's scope, so the twin's rows pass its own fence.
struct TestModeTwin: Sendable {
    let live: TenantID
    let dataKey: WrappedDataKey
    let firstKey: IssuedAPIKey
    let withKey: Bool

    var twin: TenantID { live.testMode }

    init(live: TenantID, keyring: Keyring, withKey: Bool = true) throws {
        self.live = live
        self.dataKey = try keyring.newWrappedDataKey(for: live.testMode)
        self.firstKey = APIKeyMaterial.issue(tenant: live.testMode, name: "Initial test key", scopes: Scope.allCases)
        self.withKey = withKey
    }

    /// Writes the twin unless it exists; the transaction is in the twin's scope afterwards.
    func open(_ tx: PostgresTransaction) throws {
        let rows = try tx.query("SELECT name, plan, status, retention_days FROM tenants WHERE id = \(live.uuid)")
        guard let row = rows.first else { throw VouchError.notFound("tenant") }
        let (name, plan, status, retention) = try row.decode(String.self, String.self, String.self, Int?.self)
        try tx.query(TenantDatabase.setting(twin, actor: nil))
        let inserted = try tx.query(
            """
            INSERT INTO tenants (id, name, status, plan, retention_days, live_tenant_id)
            VALUES (\(twin.uuid), \(name), \(status), \(plan), \(retention), \(live.uuid))
            ON CONFLICT (id) DO NOTHING RETURNING 1
            """
        )
        guard !inserted.isEmpty else { return }
        try tx.query(
            "INSERT INTO tenant_data_keys (tenant_id, id, wrapped_key) VALUES (\(twin.uuid), \(dataKey.id), \(dataKey.wrapped))"
        )
        if withKey { try APIKeyRepository.insert(firstKey.record, tenant: twin, in: tx) }
    }
}
