import Base
import Foundation
import Postgres
import Verification

/// What the pipeline reads of an applicant that is not erased.
struct ApplicantFacts: Sendable {
    /// True once a verdict is written (until a new upload clears it).
    var decided: Bool
    var profile: ProfileFacts
}

extension ApplicantRepository {
    /// Locks the applicant's row for a write and says whether it may be written: false when it
    /// is erased or gone. Every write of the pipeline takes this lock first, as erasure does, so
    /// a step that was still running when the applicant was erased writes nothing back.
    static func lockUnerased(_ tx: PostgresTransaction, tenant: TenantID, applicant: ApplicantID) throws -> Bool {
        let rows = try tx.query(
            """
            SELECT 1 FROM applicants WHERE tenant_id = \(tenant.uuid) AND id = \(applicant.uuid) AND erased_at IS NULL
            FOR UPDATE
            """
        )
        return !rows.isEmpty
    }

    /// Whether the tenant has the applicant, erased or not.
    static func exists(_ tx: PostgresTransaction, tenant: TenantID, applicant: ApplicantID) throws -> Bool {
        try !tx.query("SELECT 1 FROM applicants WHERE tenant_id = \(tenant.uuid) AND id = \(applicant.uuid)").isEmpty
    }

    /// Locks the applicant's row and says whether it is still waiting for its verdict (not
    /// decided, not erased).
    static func lockUndecided(_ tx: PostgresTransaction, tenant: TenantID, applicant: ApplicantID) throws -> Bool {
        let rows = try tx.query(
            """
            SELECT decision FROM applicants
            WHERE tenant_id = \(tenant.uuid) AND id = \(applicant.uuid) AND erased_at IS NULL FOR UPDATE
            """
        )
        guard let row = rows.first else { return false }
        return try row.decode(column: 0, as: String?.self) == nil
    }

    /// Locks the applicant's row and returns its verdict's status (nil while undecided); throws
    /// `ApplicantErased` when it is erased or gone.
    static func lockDecision(_ tx: PostgresTransaction, tenant: TenantID, applicant: ApplicantID) throws -> String? {
        let rows = try tx.query(
            """
            SELECT decision FROM applicants
            WHERE tenant_id = \(tenant.uuid) AND id = \(applicant.uuid) AND erased_at IS NULL FOR UPDATE
            """
        )
        guard let row = rows.first else { throw ApplicantErased() }
        return try row.decode(column: 0, as: String?.self)
    }

    /// A page of the tenant's verified applicants that are not erased, after `after` in id
    /// order, with their names and whether their monitoring is counted for `month` already:
    /// those ongoing monitoring screens.
    static func monitored(
        database: TenantDatabase,
        keyring: Keyring,
        tenant: TenantID,
        month: String,
        after: ApplicantID?,
        limit: Int
    ) async throws -> [MonitoredApplicant] {
        let start = after?.uuid ?? minimumUUID
        let rows = try await database.read(
            tenant,
            """
            SELECT \(unsafeSQL: columns), a.monitored_month IS NOT DISTINCT FROM \(month)
            FROM \(unsafeSQL: withKeys)
            WHERE a.tenant_id = \(tenant.uuid) AND a.decision = \(ApplicantStatus.verified.rawValue) AND a.erased_at IS NULL
                AND a.id > \(start)
            ORDER BY a.id LIMIT \(limit)
            """
        )
        return try rows.map { row in
            let applicant = try decode(row, tenant: tenant, keyring: keyring)
            let profile = applicant.profile
            return MonitoredApplicant(
                id: applicant.id,
                query: ScreeningQuery(
                    name: [profile.firstName, profile.lastName].compactMap { $0 }.joined(separator: " "),
                    birthDate: profile.dateOfBirth?.description,
                    country: profile.nationality.flatMap(CountryCodes.alpha3).flatMap(CountryCodes.alpha2)?.lowercased()
                ),
                countedThisMonth: try row.decode(column: 17, as: Bool.self)
            )
        }
    }

    /// Marks the applicants' monitoring as counted for `month`.
    static func markMonitored(_ tx: PostgresTransaction, tenant: TenantID, applicants: [ApplicantID], month: String) throws {
        guard !applicants.isEmpty else { return }
        try tx.query(
            """
            UPDATE applicants SET monitored_month = \(month)
            WHERE tenant_id = \(tenant.uuid) AND id = ANY (\(PostgresTextArray(uuids: applicants.map(\.uuid)))::uuid[])
            """
        )
    }

    /// Locks the applicant for an upload, which takes turns with the applicant's other uploads:
    /// throws when there is no such applicant, or it is erased or rejected.
    static func lockForUpload(_ tx: PostgresTransaction, tenant: TenantID, applicant: ApplicantID) throws {
        let rows = try tx.query(
            """
            SELECT decision, erased_at IS NOT NULL FROM applicants
            WHERE tenant_id = \(tenant.uuid) AND id = \(applicant.uuid) FOR UPDATE
            """
        )
        guard let row = rows.first else { throw VouchError.notFound("applicant") }
        guard try !row.decode(column: 1, as: Bool.self) else { throw VouchError.applicantErased }
        guard try row.decode(column: 0, as: String?.self) != ApplicantStatus.rejected.rawValue else {
            throw VouchError.applicantRejected
        }
    }

    /// The applicant's profile as the checks compare documents with it, and whether it is
    /// decided; nil when it is erased or gone.
    static func facts(_ tx: PostgresTransaction, tenant: TenantID, applicant: ApplicantID, keyring: Keyring) throws -> ApplicantFacts? {
        let rows = try tx.query(
            """
            SELECT \(unsafeSQL: columns) FROM \(unsafeSQL: withKeys)
            WHERE a.tenant_id = \(tenant.uuid) AND a.id = \(applicant.uuid) AND a.erased_at IS NULL
            """
        )
        guard let row = rows.first else { return nil }
        let found = try decode(row, tenant: tenant, keyring: keyring)
        return ApplicantFacts(
            decided: found.decision != nil,
            profile: ProfileFacts(
                firstName: found.profile.firstName,
                lastName: found.profile.lastName,
                dateOfBirth: found.profile.dateOfBirth,
                nationality: found.profile.nationality,
                residence: found.profile.countryOfResidence
            )
        )
    }
}
