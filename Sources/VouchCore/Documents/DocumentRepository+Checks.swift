import Base
import Crypto
import Foundation
import Postgres
import Verification

/// A document version as its checks need it, with its sealed bytes.
struct DocumentToCheck: Sendable {
    var applicant: ApplicantID
    var type: String
    var status: DocumentStatus
    /// The claims of a version stored before claims were sealed.
    var plaintextClaims: DocumentClaims
    var sealedClaims: [UInt8]?
    var dataKeyID: UUID
    var sha256: [UInt8]
    var sealed: [UInt8]

    /// What the merchant claimed, opened with the key that sealed the version.
    func claims(key: SymmetricKey, tenant: TenantID, document: DocumentID) throws -> DocumentClaims {
        guard let sealedClaims else { return plaintextClaims }
        return try DocumentClaims.open(sealedClaims, key: key, tenant: tenant, document: document)
    }
}

/// The pieces of the pipeline's transactions that read and write documents.
extension DocumentRepository {
    /// Locks a version and reads it with its sealed bytes; nil when it is gone or its bytes
    /// were destroyed with its applicant.
    static func lockForCheck(_ tx: PostgresTransaction, tenant: TenantID, document: DocumentID) throws -> DocumentToCheck? {
        let rows = try tx.query(
            """
            SELECT d.applicant_id, d.doc_type, d.status, d.mrz, d.fields, d.data_key_id, d.sha256, f.sealed, d.claims_sealed
            FROM documents d
            JOIN document_files f ON f.tenant_id = d.tenant_id AND f.document_id = d.id
            WHERE d.tenant_id = \(tenant.uuid) AND d.id = \(document.uuid)
            FOR UPDATE OF d
            """
        )
        guard let row = rows.first else { return nil }
        let status = try row.decode(column: 2, as: String.self)
        guard let documentStatus = DocumentStatus(rawValue: status) else {
            throw PostgresError(kind: .decoding, serverMessage: "unknown document status")
        }
        let fields = try row.decode(column: 4, as: PostgresJSON?.self)
        return DocumentToCheck(
            applicant: ApplicantID(uuid: try row.decode(column: 0)),
            type: try row.decode(column: 1),
            status: documentStatus,
            plaintextClaims: DocumentClaims(mrz: try row.decode(column: 3), fields: try fields?.decode([String: String].self)),
            sealedClaims: try row.decode(column: 8),
            dataKeyID: try row.decode(column: 5),
            sha256: try row.decode(column: 6),
            sealed: try row.decode(column: 7)
        )
    }

    /// Marks a submitted version as being processed (a retried check finds it so already).
    static func markProcessing(_ tx: PostgresTransaction, tenant: TenantID, document: DocumentID, now: Date) throws {
        try tx.query(
            """
            UPDATE documents SET status = \(DocumentStatus.processing.rawValue), updated_at = \(now)
            WHERE tenant_id = \(tenant.uuid) AND id = \(document.uuid) AND status = \(DocumentStatus.submitted.rawValue)
            """
        )
    }

    /// Locks the version if it is still being processed; false when an earlier try decided it.
    static func lockProcessing(_ tx: PostgresTransaction, tenant: TenantID, document: DocumentID) throws -> Bool {
        let rows = try tx.query(
            """
            SELECT 1 FROM documents
            WHERE tenant_id = \(tenant.uuid) AND id = \(document.uuid) AND status = \(DocumentStatus.processing.rawValue)
            FOR UPDATE
            """
        )
        return !rows.isEmpty
    }

    /// Whether another applicant of the tenant has a document with the same bytes, or with the
    /// same document number.
    static func duplicates(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        sha256: [UInt8],
        numberHash: [UInt8]?,
        applicant: ApplicantID
    ) throws -> (file: Bool, documentNumber: Bool) {
        let rows = try tx.query(
            """
            SELECT
                EXISTS (SELECT 1 FROM documents WHERE tenant_id = \(tenant.uuid) AND sha256 = \(sha256)
                    AND applicant_id <> \(applicant.uuid)),
                EXISTS (SELECT 1 FROM documents WHERE tenant_id = \(tenant.uuid) AND document_number_hash = \(numberHash)
                    AND applicant_id <> \(applicant.uuid))
            """
        )
        let (file, number) = try rows[0].decode(Bool.self, Bool.self)
        return (file, number)
    }

    /// Writes a version's verdict: its status, its rejection reasons, what each check found and
    /// the signals the decision reads.
    static func recordVerdict(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        document: DocumentID,
        verdict: DocumentVerdict,
        numberHash: [UInt8]?,
        sealedExtraction: [UInt8]?,
        now: Date
    ) throws {
        let status = DocumentStatus(verdict.status)
        let rejection = status == .rejected ? verdict.reasons : []
        try tx.query(
            """
            UPDATE documents SET status = \(status.rawValue), rejection_reasons = \(PostgresTextArray(rejection)),
                checks = \(try PostgresJSON(encoding: verdict.checks)), signals = \(try PostgresJSON(encoding: verdict.signals)),
                document_number_hash = \(numberHash), extraction = \(sealedExtraction), updated_at = \(now)
            WHERE tenant_id = \(tenant.uuid) AND id = \(document.uuid)
            """
        )
    }

    /// Verifies the applicant's current versions that were waiting for a reviewer; returns them.
    static func verifyInReview(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        applicant: ApplicantID,
        now: Date
    ) throws -> [(id: DocumentID, type: String)] {
        let rows = try tx.query(
            """
            UPDATE documents d SET status = \(DocumentStatus.verified.rawValue), updated_at = \(now)
            FROM current_documents c
            WHERE c.tenant_id = \(tenant.uuid) AND c.applicant_id = \(applicant.uuid)
                AND d.tenant_id = c.tenant_id AND d.id = c.document_id AND d.status = \(DocumentStatus.inReview.rawValue)
            RETURNING d.id, d.doc_type
            """
        )
        return try rows.map { row in
            let (id, type) = try row.decode(UUID.self, String.self)
            return (DocumentID(uuid: id), type)
        }
    }

    /// Rejects the applicant's current version of a document, checked already (verified or in
    /// review), on a reviewer's word; its type, or nil when it is not such a version.
    static func rejectByReviewer(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        applicant: ApplicantID,
        document: DocumentID,
        reasons: [String],
        now: Date
    ) throws -> String? {
        let rows = try tx.query(
            """
            UPDATE documents d SET status = \(DocumentStatus.rejected.rawValue), rejection_reasons = \(PostgresTextArray(reasons)),
                updated_at = \(now)
            FROM current_documents c
            WHERE c.tenant_id = \(tenant.uuid) AND c.applicant_id = \(applicant.uuid) AND c.document_id = \(document.uuid)
                AND d.tenant_id = c.tenant_id AND d.id = c.document_id
                AND d.status IN (\(DocumentStatus.verified.rawValue), \(DocumentStatus.inReview.rawValue))
            RETURNING d.doc_type
            """
        )
        return try rows.first?.decode(column: 0, as: String.self)
    }

    /// The current version's status of each type the applicant has.
    static func currentStatuses(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        applicant: ApplicantID
    ) throws -> [String: DocumentStatus] {
        let rows = try tx.query(
            """
            SELECT c.doc_type, d.status FROM current_documents c
            JOIN documents d ON d.tenant_id = c.tenant_id AND d.id = c.document_id
            WHERE c.tenant_id = \(tenant.uuid) AND c.applicant_id = \(applicant.uuid)
            """
        )
        var statuses: [String: DocumentStatus] = [:]
        for row in rows {
            let (type, status) = try row.decode(String.self, String.self)
            guard let documentStatus = DocumentStatus(rawValue: status) else {
                throw PostgresError(kind: .decoding, serverMessage: "unknown document status")
            }
            statuses[type] = documentStatus
        }
        return statuses
    }

    /// The applicant's current documents as the decision sees them. The birth date a zone
    /// states is not kept with the signals (they are stored in the clear): it is taken from the
    /// document's sealed extraction.
    static func facts(_ tx: PostgresTransaction, tenant: TenantID, applicant: ApplicantID, keyring: Keyring) throws -> [DocumentFacts] {
        let rows = try tx.query(
            """
            SELECT d.doc_type, d.status, d.signals, d.id, d.data_key_id, d.extraction FROM current_documents c
            JOIN documents d ON d.tenant_id = c.tenant_id AND d.id = c.document_id
            WHERE c.tenant_id = \(tenant.uuid) AND c.applicant_id = \(applicant.uuid)
            ORDER BY d.doc_type
            """
        )
        return try rows.map { row in
            let (type, status, stored) = try row.decode(String.self, String.self, PostgresJSON?.self)
            var signals = try stored?.decode(DocumentSignals.self) ?? DocumentSignals()
            if signals.mrzValid == true, let sealed = try row.decode(column: 5, as: [UInt8]?.self) {
                let (id, keyID) = (try row.decode(column: 3, as: UUID.self), try row.decode(column: 4, as: UUID.self))
                let key = try ApplicantKeyRepository.openingKey(tx, tenant: tenant, applicant: applicant, id: keyID, keyring: keyring)
                let json = try Keyring.openExtraction(sealed, with: key, tenant: tenant, document: DocumentID(uuid: id))
                let extraction = try JSONDecoder().decode(DocumentExtraction.self, from: Data(json))
                signals.birthDate = extraction.fields["date_of_birth"].map(\.value).flatMap { $0.isEmpty ? nil : $0 }
            }
            return DocumentFacts(type: type, status: status, signals: signals)
        }
    }

    /// The first valid machine-readable zone among the current identity documents, as claimed
    /// with their uploads.
    static func bestMRZ(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        applicant: ApplicantID,
        keyring: Keyring,
        now: Date = Date()
    ) throws -> MRZDocument? {
        let rows = try tx.query(
            """
            SELECT d.id, d.mrz, d.claims_sealed FROM current_documents c
            JOIN documents d ON d.tenant_id = c.tenant_id AND d.id = c.document_id
            WHERE c.tenant_id = \(tenant.uuid) AND c.applicant_id = \(applicant.uuid)
                AND c.doc_type IN ('ID_FRONT', 'ID_BACK') AND (d.mrz IS NOT NULL OR d.claims_sealed IS NOT NULL)
            ORDER BY d.doc_type DESC
            """
        )
        guard !rows.isEmpty else { return nil }
        let key = try ApplicantKeyRepository.state(tx, tenant: tenant, applicant: applicant, keyring: keyring)
        let today = CivilDate(unixSeconds: now.timeIntervalSince1970)
        for row in rows {
            let (id, plaintext, sealed) = try row.decode(UUID.self, String?.self, [UInt8]?.self)
            var mrz = plaintext
            if let sealed, case .live(_, let key) = key {
                mrz = try DocumentClaims.open(sealed, key: key, tenant: tenant, document: DocumentID(uuid: id)).mrz
            }
            guard let mrz else { continue }
            let result = MRZ.parse(mrz, today: today)
            if result.isValid, let document = result.document { return document }
        }
        return nil
    }

    /// The documents' part of an erasure: the sealed bytes deleted, zones, fields, signals and
    /// number hashes cleared.
    /// What `erase` clears on every document of the applicant, as a deletion certificate names it.
    static let erasedFields = ["mrz", "fields", "claims", "signals", "document_number_hash", "extraction", "face_descriptor"]

    /// What the erasure is about to destroy: the documents, their sealed bytes and data keys.
    static func erasureInventory(_ tx: PostgresTransaction, tenant: TenantID, applicant: ApplicantID) throws
        -> (documentIDs: [String], bytes: Int, dataKeyIDs: [String], faceDescriptors: Int)
    {
        let rows = try tx.query(
            """
            SELECT d.id, coalesce(octet_length(f.sealed), 0), d.data_key_id, d.face_descriptor IS NOT NULL
            FROM documents d LEFT JOIN document_files f ON f.tenant_id = d.tenant_id AND f.document_id = d.id
            WHERE d.tenant_id = \(tenant.uuid) AND d.applicant_id = \(applicant.uuid)
            ORDER BY d.id
            """
        )
        var inventory: (documentIDs: [String], bytes: Int, dataKeyIDs: [String], faceDescriptors: Int) = ([], 0, [], 0)
        var keys = Set<UUID>()
        for row in rows {
            let (id, bytes, key, hasFace) = try row.decode(UUID.self, Int.self, UUID.self, Bool.self)
            inventory.documentIDs.append(DocumentID(uuid: id).description)
            inventory.bytes += bytes
            keys.insert(key)
            if hasFace { inventory.faceDescriptors += 1 }
        }
        inventory.dataKeyIDs = keys.map { $0.uuidString.lowercased() }.sorted()
        return inventory
    }

    static func erase(_ tx: PostgresTransaction, tenant: TenantID, applicant: ApplicantID, now: Date) throws {
        try tx.query(
            """
            DELETE FROM document_files f USING documents d
            WHERE f.tenant_id = \(tenant.uuid) AND d.tenant_id = f.tenant_id AND d.id = f.document_id
                AND d.applicant_id = \(applicant.uuid)
            """
        )
        try tx.query(
            """
            UPDATE documents SET mrz = NULL, fields = NULL, claims_sealed = NULL, signals = NULL, document_number_hash = NULL,
                extraction = NULL,
                face_descriptor = NULL, face_stored_at = NULL, updated_at = \(now)
            WHERE tenant_id = \(tenant.uuid) AND applicant_id = \(applicant.uuid)
            """
        )
    }
}
