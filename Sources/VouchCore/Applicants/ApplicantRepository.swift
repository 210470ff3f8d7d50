import Base
import Crypto
import Foundation
import Postgres
import Verification

/// Applicant rows and the status object: the applicants aggregate's SQL, and the transactions
/// that create and erase an applicant.
public struct ApplicantRepository: Sendable {
    let database: TenantDatabase
    let keyring: Keyring
    /// The keys that sign each erasure's deletion certificate.
    let signingKeys: SigningKeyRepository
    /// The tenants' blind indexes.
    let keys: DataKeyStore

    public init(database: TenantDatabase, keyring: Keyring) {
        self.database = database
        self.keyring = keyring
        self.signingKeys = SigningKeyRepository(database: database, keyring: keyring)
        self.keys = DataKeyStore(database: database, keyring: keyring)
    }

    /// An applicant's columns, with its key and the data key that wraps it: the plaintext
    /// profile columns hold only what was stored before profiles were sealed.
    static let columns = """
        a.id, a.external_user_id, a.first_name, a.last_name, a.date_of_birth, a.nationality, a.country_of_residence,
        a.email, a.address, a.decision, a.created_at, a.updated_at, a.profile_sealed, k.id, k.data_key_id, k.wrapped_key,
        dk.wrapped_key
        """
    static let withKeys = """
        applicants a
        LEFT JOIN applicant_keys k ON k.tenant_id = a.tenant_id AND k.applicant_id = a.id
        LEFT JOIN tenant_data_keys dk ON dk.tenant_id = k.tenant_id AND dk.id = k.data_key_id
        """

    /// Creates an applicant; `applicantExists` if the tenant already has its `external_user_id`.
    /// The profile is sealed under a new key of the applicant's own; its email and name are
    /// stored as blind indexes only.
    public func create(tenant: TenantID, profile: ApplicantProfile, now: Date = Date()) async throws -> Applicant {
        let id = ApplicantID.generate()
        let index = try await keys.blindIndex(for: tenant)
        let emailIndex = profile.email.map(index.email)
        let nameIndex = index.name(first: profile.firstName, last: profile.lastName)
        let keyring = keyring
        do {
            return try await database.transaction(tenant) { tx in
                let (dataKeyID, dataKey) = try ApplicantKeyRepository.newestDataKey(tx, tenant: tenant, keyring: keyring)
                let made = try Keyring.newApplicantKey(tenant: tenant, applicant: id, dataKey: dataKey, dataKeyID: dataKeyID)
                let sealed = try profile.sealed(with: made.key, tenant: tenant, applicant: id)
                try tx.query(
                    """
                    INSERT INTO applicants (tenant_id, id, external_user_id, profile_sealed, email_index, name_index,
                        created_at, updated_at)
                    VALUES (\(tenant.uuid), \(id.uuid), \(profile.externalUserID), \(sealed), \(emailIndex), \(nameIndex),
                        \(now), \(now))
                    """
                )
                try tx.query(
                    """
                    INSERT INTO applicant_keys (tenant_id, applicant_id, id, data_key_id, wrapped_key, created_at)
                    VALUES (\(tenant.uuid), \(id.uuid), \(made.wrapped.id), \(dataKeyID), \(made.wrapped.wrapped), \(now))
                    """
                )
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
                return Applicant(id: id, profile: profile, decision: nil, createdAt: now, updatedAt: now)
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
            "SELECT \(unsafeSQL: Self.columns) FROM \(unsafeSQL: Self.withKeys) WHERE a.tenant_id = \(tenant.uuid) AND a.id = \(id.uuid)"
        )
        return try rows.first.map { try Self.decode($0, tenant: tenant, keyring: keyring) }
    }

    /// Which applicants a list is of: all, or those with one merchant user id, one email or one
    /// full name (the email and the name found through their blind indexes).
    public enum ListFilter: Sendable, Equatable {
        case all
        case externalUserID(String)
        case email(String)
        case name(String)
    }

    /// A page of applicants, newest first (as Stripe lists), only those `filter` admits.
    public func list(
        tenant: TenantID,
        filter: ListFilter = .all,
        limit: Int,
        startingAfter: ApplicantID?
    ) async throws -> (applicants: [Applicant], hasMore: Bool) {
        // Each form is sargable under a generic plan: without a cursor, start past the largest UUID.
        let after = startingAfter?.uuid ?? Self.maximumUUID
        let lookup: (column: String, value: PostgresBind)?
        switch filter {
        case .all: lookup = nil
        case .externalUserID(let id): lookup = ("a.external_user_id", id.postgresBind)
        case .email(let email): lookup = ("a.email_index", try await keys.blindIndex(for: tenant).email(email).postgresBind)
        case .name(let name):
            lookup = ("a.name_index", (try await keys.blindIndex(for: tenant).name(first: name, last: nil) ?? []).postgresBind)
        }
        var binds = [tenant.uuid.postgresBind]
        var sql = "SELECT \(Self.columns) FROM \(Self.withKeys) WHERE a.tenant_id = $1"
        if let lookup {
            binds.append(lookup.value)
            sql += " AND \(lookup.column) = $2"
        }
        binds += [after.postgresBind, (limit + 1).postgresBind]
        sql += " AND a.id < $\(binds.count - 1) ORDER BY a.id DESC LIMIT $\(binds.count)"
        let query = PostgresQuery(unsafeSQL: sql, binds: binds)
        let applicants = try await database.read(tenant, query).map { try Self.decode($0, tenant: tenant, keyring: keyring) }
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

    static let minimumUUID = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    static let maximumUUID = UUID(
        uuid: (
            255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255
        )
    )

    /// Decodes `columns`: the sealed profile opened with the applicant's key, or the plaintext
    /// columns of a row not yet sealed; an erased applicant's profile is empty.
    static func decode(_ row: PostgresRow, tenant: TenantID, keyring: Keyring) throws -> Applicant {
        let (id, externalUserID) = try row.decode(UUID.self, String.self)
        let applicant = ApplicantID(uuid: id)
        let profile: ApplicantProfile
        if let sealed = try row.decode(column: 12, as: [UInt8]?.self) {
            if let key = try ApplicantKeyRepository.unwrap(row, from: 13, tenant: tenant, applicant: applicant, keyring: keyring) {
                profile = try ApplicantProfile(
                    externalUserID: externalUserID,
                    sealed: sealed,
                    key: key,
                    tenant: tenant,
                    applicant: applicant
                )
            } else {
                profile = ApplicantProfile(externalUserID: externalUserID)
            }
        } else {
            profile = try plaintextProfile(row, externalUserID: externalUserID)
        }
        let decision = try row.decode(column: 9, as: String?.self).flatMap(ApplicantStatus.init(rawValue:))
        return Applicant(
            id: applicant,
            profile: profile,
            decision: decision,
            createdAt: try row.decode(column: 10),
            updatedAt: try row.decode(column: 11)
        )
    }

    /// The profile of a row stored before profiles were sealed.
    static func plaintextProfile(_ row: PostgresRow, externalUserID: String) throws -> ApplicantProfile {
        let (firstName, lastName, dateOfBirth, nationality, residence, email) = try (
            row.decode(column: 2, as: String?.self), row.decode(column: 3, as: String?.self),
            row.decode(column: 4, as: CivilDate?.self), row.decode(column: 5, as: String?.self),
            row.decode(column: 6, as: String?.self), row.decode(column: 7, as: String?.self)
        )
        return ApplicantProfile(
            externalUserID: externalUserID,
            firstName: firstName,
            lastName: lastName,
            dateOfBirth: dateOfBirth,
            nationality: nationality,
            countryOfResidence: residence,
            email: email,
            address: try row.decode(column: 8, as: PostgresJSON?.self).map { try $0.decode(PostalAddress.self) }
        )
    }
}
