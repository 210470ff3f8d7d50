import Base
import Foundation
import Postgres
import Verification

/// A new document version ready to store: checked, sealed, with its id already chosen (the id is
/// part of the encryption's associated data).
public struct NewDocumentVersion: Sendable {
    public var id: DocumentID
    public var applicantID: ApplicantID
    public var type: DocumentType
    public var contentType: String
    public var sizeBytes: Int
    public var sha256: [UInt8]
    /// The key that sealed the bytes and the claims: the applicant's.
    public var keyID: UUID
    public var sealed: [UInt8]
    /// The zone and fields the merchant claimed, sealed (nil when it claimed none).
    public var sealedClaims: [UInt8]?
}

/// Document versions, their sealed bytes and the current-version pointers: the documents
/// aggregate's SQL. The `static` methods are pieces of a transaction the caller composes.
public struct DocumentRepository: Sendable {
    let database: TenantDatabase

    public init(database: TenantDatabase) {
        self.database = database
    }

    static let columns = """
        id, applicant_id, doc_type, version, status, rejection_reasons, content_type, size_bytes, sha256, created_at,
        updated_at
        """
    static let qualifiedColumns = columns.split(separator: ",")
        .map { "d." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        .joined(separator: ", ")

    /// Stores a new version and makes it current, in the upload's transaction (which holds the
    /// applicant's lock). Refuses while the current version is anything but `REJECTED`, and once
    /// the type has `maximumVersions` versions.
    static func insertVersion(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        _ new: NewDocumentVersion,
        maximumVersions: Int,
        now: Date
    ) throws -> Document {
        let current = try tx.query(
            """
            SELECT d.status, d.version FROM current_documents c
            JOIN documents d ON d.tenant_id = c.tenant_id AND d.id = c.document_id
            WHERE c.tenant_id = \(tenant.uuid) AND c.applicant_id = \(new.applicantID.uuid)
              AND c.doc_type = \(new.type.rawValue)
            """
        )
        var version = 1
        if let row = current.first {
            let (statusText, currentVersion) = try row.decode(String.self, Int.self)
            let status = DocumentStatus(rawValue: statusText) ?? .processing
            guard status.allowsResubmission else { throw VouchError.documentNotReplaceable(status) }
            // Versions are numbered 1, 2, … with none removed, so the current number counts them.
            guard currentVersion < maximumVersions else { throw VouchError.documentVersionLimit(maximumVersions) }
            version = currentVersion + 1
        }
        let rows = try tx.query(
            """
            INSERT INTO documents (tenant_id, id, applicant_id, doc_type, version, status, content_type,
                size_bytes, sha256, data_key_id, claims_sealed, created_at, updated_at)
            VALUES (\(tenant.uuid), \(new.id.uuid), \(new.applicantID.uuid), \(new.type.rawValue), \(version),
                \(DocumentStatus.submitted.rawValue), \(new.contentType), \(new.sizeBytes), \(new.sha256), \(new.keyID),
                \(new.sealedClaims), \(now), \(now))
            RETURNING \(unsafeSQL: Self.columns)
            """
        )
        try tx.query(
            """
            INSERT INTO document_files (tenant_id, document_id, sealed)
            VALUES (\(tenant.uuid), \(new.id.uuid), \(new.sealed))
            """
        )
        try tx.query(
            """
            INSERT INTO current_documents (tenant_id, applicant_id, doc_type, document_id)
            VALUES (\(tenant.uuid), \(new.applicantID.uuid), \(new.type.rawValue), \(new.id.uuid))
            ON CONFLICT (tenant_id, applicant_id, doc_type) DO UPDATE SET document_id = EXCLUDED.document_id
            """
        )
        return try Self.decode(rows[0], from: 0)
    }

    /// One version by id.
    public func get(tenant: TenantID, id: DocumentID) async throws -> Document? {
        let rows = try await database.read(
            tenant,
            "SELECT \(unsafeSQL: Self.columns) FROM documents WHERE tenant_id = \(tenant.uuid) AND id = \(id.uuid)"
        )
        return try rows.first.map { try Self.decode($0, from: 0) }
    }

    /// One version as `GET /v1/documents/{id}` shows it, in one read: the results of its checks
    /// (empty until they have run), and its extraction still sealed (nil when nothing was read,
    /// or erased) with the id of the data key it is sealed under.
    public func detail(tenant: TenantID, id: DocumentID) async throws -> DocumentDetailRow? {
        let rows = try await database.read(
            tenant,
            """
            SELECT \(unsafeSQL: Self.columns), checks, data_key_id, extraction
            FROM documents WHERE tenant_id = \(tenant.uuid) AND id = \(id.uuid)
            """
        )
        return try rows.first.map { row in
            DocumentDetailRow(
                document: try Self.decode(row, from: 0),
                checks: try row.decode(column: 11, as: PostgresJSON.self).decode([CheckResult].self),
                keyID: try row.decode(column: 12),
                sealedExtraction: try row.decode(column: 13)
            )
        }
    }

    /// The current version of each type; nil if the applicant does not exist.
    public func current(tenant: TenantID, applicant: ApplicantID) async throws -> [Document]? {
        let rows = try await database.read(
            tenant,
            """
            SELECT a.id, \(unsafeSQL: Self.qualifiedColumns)
            FROM applicants a
            LEFT JOIN current_documents c ON c.tenant_id = a.tenant_id AND c.applicant_id = a.id
            LEFT JOIN documents d ON d.tenant_id = c.tenant_id AND d.id = c.document_id
            WHERE a.tenant_id = \(tenant.uuid) AND a.id = \(applicant.uuid)
            ORDER BY d.doc_type
            """
        )
        guard !rows.isEmpty else { return nil }
        return try rows.compactMap { row in
            try row.decode(column: 1, as: UUID?.self) == nil ? nil : try Self.decode(row, from: 1)
        }
    }

    /// Every version of one type, newest first; nil if the applicant does not exist.
    public func history(tenant: TenantID, applicant: ApplicantID, type: DocumentType) async throws -> [Document]? {
        try await database.transaction(tenant) { tx in
            let exists = try tx.query(
                "SELECT 1 FROM applicants WHERE tenant_id = \(tenant.uuid) AND id = \(applicant.uuid)"
            )
            guard !exists.isEmpty else { return nil }
            let rows = try tx.query(
                """
                SELECT \(unsafeSQL: Self.columns) FROM documents
                WHERE tenant_id = \(tenant.uuid) AND applicant_id = \(applicant.uuid) AND doc_type = \(type.rawValue)
                ORDER BY version DESC
                """
            )
            return try rows.map { try Self.decode($0, from: 0) }
        }
    }

    /// What the merchant claimed with a version: still sealed, with the key that sealed it, or
    /// (stored before claims were sealed) in plaintext. Nil when there is no such version.
    func claims(tenant: TenantID, id: DocumentID) async throws -> (keyID: UUID, sealed: [UInt8]?, plaintext: DocumentClaims)? {
        let rows = try await database.read(
            tenant,
            "SELECT data_key_id, claims_sealed, mrz, fields FROM documents WHERE tenant_id = \(tenant.uuid) AND id = \(id.uuid)"
        )
        return try rows.first.map { row in
            let (keyID, sealed, mrz, fields) = try row.decode(UUID.self, [UInt8]?.self, String?.self, PostgresJSON?.self)
            return (keyID, sealed, DocumentClaims(mrz: mrz, fields: try fields?.decode([String: String].self)))
        }
    }

    /// A version with its sealed bytes and the id of the data key that sealed them. Throws
    /// `applicantErased` when the bytes were destroyed with their applicant. Handing out the
    /// bytes is audited, in the transaction that reads them.
    public func sealedFile(tenant: TenantID, id: DocumentID) async throws -> (Document, UUID, [UInt8])? {
        try await database.transaction(tenant) { tx in
            let rows = try tx.query(
                """
                SELECT \(unsafeSQL: Self.qualifiedColumns), d.data_key_id, f.sealed
                FROM documents d LEFT JOIN document_files f ON f.tenant_id = d.tenant_id AND f.document_id = d.id
                WHERE d.tenant_id = \(tenant.uuid) AND d.id = \(id.uuid)
                """
            )
            guard let row = rows.first else { return nil }
            guard let sealed = try row.decode(column: 12, as: [UInt8]?.self) else { throw VouchError.applicantErased }
            let document = try Self.decode(row, from: 0)
            try AuditRepository.record(
                tx,
                tenant: tenant,
                action: "document.file_read",
                object: AuditObject(id, type: "document"),
                details: Self.auditDetails(document)
            )
            return (document, try row.decode(column: 11), sealed)
        }
    }

    /// What an audit row says about a document: ids, type and version, nothing read from it.
    static func auditDetails(_ document: Document) -> JSONValue {
        .object([
            "applicant_id": .string(document.applicantID.description),
            "doc_type": .string(document.type.rawValue),
            "version": .number(Double(document.version)),
        ])
    }

    /// Decodes the eleven document columns starting at `offset`.
    static func decode(_ row: PostgresRow, from offset: Int) throws -> Document {
        func column<T: PostgresDecodable>(_ index: Int) throws -> T { try row.decode(column: offset + index) }
        let type: String = try column(2)
        let status: String = try column(4)
        guard let docType = DocumentType(rawValue: type), let docStatus = DocumentStatus(rawValue: status) else {
            throw PostgresError(kind: .decoding, serverMessage: "unknown document type or status")
        }
        let reasons: PostgresTextArray = try column(5)
        return Document(
            id: DocumentID(uuid: try column(0)),
            applicantID: ApplicantID(uuid: try column(1)),
            type: docType,
            version: try column(3),
            status: docStatus,
            rejectionReasons: reasons.elements,
            contentType: try column(6),
            sizeBytes: try column(7),
            sha256: try column(8),
            createdAt: try column(9),
            updatedAt: try column(10)
        )
    }
}

/// A version as its detail read finds it, the extraction not yet opened.
public struct DocumentDetailRow: Sendable {
    public var document: Document
    public var checks: [CheckResult]
    var keyID: UUID
    var sealedExtraction: [UInt8]?
}
