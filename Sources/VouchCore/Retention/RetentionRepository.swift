import Foundation
import Postgres

/// What a retention sweep reads: which tenants keep applicants for a limited time, and which of
/// a tenant's applicants have outlived it. (The erasure itself is `ApplicantRepository.erase`.)
struct RetentionRepository: Sendable {
    /// The tenants are found across tenants; each one's applicants in that tenant alone.
    let database: UnscopedDatabase

    /// Every tenant with a retention period, and the period in days.
    func tenantsWithRetention() async throws -> [(tenant: TenantID, days: Int)] {
        let rows = try await database.query("SELECT id, retention_days FROM tenants_with_retention()")
        return try rows.map { row in
            let (id, days) = try row.decode(UUID.self, Int.self)
            return (TenantID(uuid: id), days)
        }
    }

    /// Up to `limit` of `tenant`'s unerased applicants decided before `cutoff`, oldest first.
    func decided(tenant: TenantID, before cutoff: Date, limit: Int) async throws -> [ApplicantID] {
        let rows = try await database.scoped.read(
            tenant,
            """
            SELECT id FROM applicants
            WHERE tenant_id = \(tenant.uuid) AND erased_at IS NULL AND decided_at < \(cutoff)
            ORDER BY decided_at LIMIT \(limit)
            """
        )
        return try rows.map { ApplicantID(uuid: try $0.decode(column: 0, as: UUID.self)) }
    }
}
