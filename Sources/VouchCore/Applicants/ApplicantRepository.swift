import Base
import Foundation
import Postgres
import Verification

/// Applicant rows and the status object: the applicants aggregate's SQL, and the transactions
/// that create and erase an applicant.
public struct ApplicantRepository: Sendable {
    let database: TenantDatabase
    /// The keys that sign each erasure's deletion certificate.
    let signingKeys: SigningKeyRepository

    public init(database: TenantDatabase, keyring: Keyring) {
        self.database = database
        self.signingKeys = SigningKeyRepository(database: database, keyring: keyring)
    }

    static let columns = """
        id, external_user_id, first_name, last_name, date_of_birth, nationality, country_of_residence,
        email, address, decision, created_at, updated_at
        """

    /// Creates an applicant; `applicantExists` if the tenant already has its `external_user_id`.
    public func create(tenant: TenantID, profile: ApplicantProfile, now: Date = Date()) async throws -> Applicant {
        let id = ApplicantID.generate()
        let address = try profile.address.map { try PostgresJSON(encoding: $0) }
        do {
            return try await database.transaction(tenant) { tx in
                let rows = try tx.query(
                    """
                    INSERT INTO applicants (tenant_id, id, external_user_id, first_name, last_name, date_of_birth,
                        nationality, country_of_residence, email, address, created_at, updated_at)
                    VALUES (\(tenant.uuid), \(id.uuid), \(profile.externalUserID), \(profile.firstName),
                        \(profile.lastName), \(profile.dateOfBirth), \(profile.nationality),
                        \(profile.countryOfResidence), \(profile.email), \(address), \(now), \(now))
                    RETURNING \(unsafeSQL: Self.columns)
                    """
                )
                let applicant = try Self.decode(rows[0])
                // Ids and the merchant's own user id only: event payloads carry no PII.
                let data: JSONValue = .object([
                    "applicant_id": .string(id.description),
                    "status": "unverified",
                    "applicant": try Self.status(tx, tenant: tenant, id: id)?.json ?? .null,
                ])
                try EventRepository.append(
                    tx,
                    tenant: tenant,
                    type: .applicantCreated,
                    subject: id.uuid,
                    applicant: id,
                    data: data,
                    now: now
                )
                try AuditRepository.record(
                    tx,
                    tenant: tenant,
                    action: "applicant.created",
                    object: AuditObject(id, type: "applicant"),
                    now: now
                )
                return applicant
            }
        } catch let error as PostgresError where error.sqlState == .uniqueViolation {
            throw VouchError.applicantExists
        }
    }

    /// Writes the audit row of a session token issued for the applicant; false when there is no
    /// such applicant.
    public func recordSessionIssued(tenant: TenantID, id: ApplicantID, expiresAt: Date) async throws -> Bool {
        try await database.transaction(tenant) { tx in
            let exists = try tx.query("SELECT 1 FROM applicants WHERE tenant_id = \(tenant.uuid) AND id = \(id.uuid)")
            guard !exists.isEmpty else { return false }
            let details: JSONValue = .object(["expires_at": .string(expiresAt.rfc3339)])
            try AuditRepository.record(
                tx,
                tenant: tenant,
                action: "applicant.session_issued",
                object: AuditObject(id, type: "applicant"),
                details: details
            )
            return true
        }
    }

    public func get(tenant: TenantID, id: ApplicantID) async throws -> Applicant? {
        let rows = try await database.read(
            tenant,
            """
            SELECT \(unsafeSQL: Self.columns) FROM applicants
            WHERE tenant_id = \(tenant.uuid) AND id = \(id.uuid)
            """
        )
        return try rows.first.map(Self.decode)
    }

    /// A page of applicants, newest first (as Stripe lists), optionally only the one with
    /// `externalUserID`.
    public func list(
        tenant: TenantID,
        externalUserID: String?,
        limit: Int,
        startingAfter: ApplicantID?
    ) async throws -> (applicants: [Applicant], hasMore: Bool) {
        // Both forms are sargable under a generic plan: without a cursor, start past the largest UUID.
        let after = startingAfter?.uuid ?? Self.maximumUUID
        let query: PostgresQuery
        if let externalUserID {
            query = """
                SELECT \(unsafeSQL: Self.columns) FROM applicants
                WHERE tenant_id = \(tenant.uuid) AND external_user_id = \(externalUserID) AND id < \(after)
                ORDER BY id DESC LIMIT \(limit + 1)
                """
        } else {
            query = """
                SELECT \(unsafeSQL: Self.columns) FROM applicants
                WHERE tenant_id = \(tenant.uuid) AND id < \(after)
                ORDER BY id DESC LIMIT \(limit + 1)
                """
        }
        let applicants = try await database.read(tenant, query).map(Self.decode)
        return (Array(applicants.prefix(limit)), applicants.count > limit)
    }

    /// The seed's status object in one round trip: the applicant and its current documents.
    public func status(tenant: TenantID, id: ApplicantID) async throws -> ApplicantStatusReport? {
        try Self.statusReport(try await database.read(tenant, Self.statusQuery(tenant: tenant, id: id)), id: id)
    }

    /// The status object inside a transaction (for the events that carry it).
    static func status(_ tx: PostgresTransaction, tenant: TenantID, id: ApplicantID) throws -> ApplicantStatusReport? {
        try statusReport(try tx.query(statusQuery(tenant: tenant, id: id)), id: id)
    }

    static func statusQuery(tenant: TenantID, id: ApplicantID) -> PostgresQuery {
        """
        SELECT a.external_user_id, a.decision, d.id, d.doc_type, d.version, d.status, d.rejection_reasons,
            d.updated_at
        FROM applicants a
        LEFT JOIN current_documents c ON c.tenant_id = a.tenant_id AND c.applicant_id = a.id
        LEFT JOIN documents d ON d.tenant_id = c.tenant_id AND d.id = c.document_id
        WHERE a.tenant_id = \(tenant.uuid) AND a.id = \(id.uuid)
        """
    }

    static func statusReport(_ rows: PostgresRows, id: ApplicantID) throws -> ApplicantStatusReport? {
        guard let first = rows.first else { return nil }
        let (externalUserID, decision) = try first.decode(String.self, String?.self)
        let documents = try rows.compactMap { row -> CurrentDocumentStatus? in
            guard let documentID = try row.decode(column: 2, as: UUID?.self) else { return nil }
            let (type, version, status, reasons, updatedAt) = try (
                row.decode(column: 3, as: String.self), row.decode(column: 4, as: Int.self),
                row.decode(column: 5, as: String.self), row.decode(column: 6, as: PostgresTextArray.self),
                row.decode(column: 7, as: Date.self)
            )
            guard let docType = DocumentType(rawValue: type), let docStatus = DocumentStatus(rawValue: status) else {
                throw PostgresError(kind: .decoding, serverMessage: "unknown document type or status")
            }
            return CurrentDocumentStatus(
                id: DocumentID(uuid: documentID),
                type: docType,
                version: version,
                status: docStatus,
                rejectionReasons: reasons.elements,
                updatedAt: updatedAt
            )
        }
        return ApplicantStatusReport(
            applicantID: id,
            externalUserID: externalUserID,
            decision: decision.flatMap(ApplicantStatus.init(rawValue:)),
            documents: documents
        )
    }

    static let maximumUUID = UUID(
        uuid: (
            255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255
        )
    )

    static func decode(_ row: PostgresRow) throws -> Applicant {
        let (id, externalUserID, firstName, lastName, dateOfBirth, nationality, residence, email) = try row.decode(
            UUID.self,
            String.self,
            String?.self,
            String?.self,
            CivilDate?.self,
            String?.self,
            String?.self,
            String?.self
        )
        let address = try row.decode(column: 8, as: PostgresJSON?.self).map { try $0.decode(PostalAddress.self) }
        let decision = try row.decode(column: 9, as: String?.self).flatMap(ApplicantStatus.init(rawValue:))
        let profile = ApplicantProfile(
            externalUserID: externalUserID,
            firstName: firstName,
            lastName: lastName,
            dateOfBirth: dateOfBirth,
            nationality: nationality,
            countryOfResidence: residence,
            email: email,
            address: address
        )
        return Applicant(
            id: ApplicantID(uuid: id),
            profile: profile,
            decision: decision,
            createdAt: try row.decode(column: 10),
            updatedAt: try row.decode(column: 11)
        )
    }
}
