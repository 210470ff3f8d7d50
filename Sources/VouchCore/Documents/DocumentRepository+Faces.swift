import Crypto
import Foundation
import Postgres

/// A current photo the face check reads, sealed as stored.
struct FacePhoto: Sendable {
    var document: DocumentID
    var dataKeyID: UUID
    var sealed: [UInt8]
}

/// An applicant's stored face, sealed as stored.
struct StoredFace: Sendable {
    var applicant: ApplicantID
    var document: DocumentID
    /// The key the descriptor is sealed under, unwrapped; nil when it was destroyed.
    var key: SymmetricKey?
    var sealed: [UInt8]
    var storedAt: Date
}

extension DocumentRepository {
    /// The applicant's current selfie and identity document front, by type.
    static func facePhotos(_ tx: PostgresTransaction, tenant: TenantID, applicant: ApplicantID) throws -> [DocumentType: FacePhoto] {
        let rows = try tx.query(
            """
            SELECT c.doc_type, d.id, d.data_key_id, f.sealed
            FROM current_documents c
                JOIN documents d ON d.tenant_id = c.tenant_id AND d.id = c.document_id
                JOIN document_files f ON f.tenant_id = d.tenant_id AND f.document_id = d.id
            WHERE c.tenant_id = \(tenant.uuid) AND c.applicant_id = \(applicant.uuid)
                AND c.doc_type IN ('SELFIE', 'ID_FRONT')
            """
        )
        var photos: [DocumentType: FacePhoto] = [:]
        for row in rows {
            let (type, id, key, sealed) = try row.decode(String.self, UUID.self, UUID.self, [UInt8].self)
            guard let type = DocumentType(rawValue: type) else { continue }
            photos[type] = FacePhoto(document: DocumentID(uuid: id), dataKeyID: key, sealed: sealed)
        }
        return photos
    }

    /// The ids of the applicant's current selfie and identity document front: a face answer
    /// stands only while the photos it compared are still current.
    static func facePhotoIDs(_ tx: PostgresTransaction, tenant: TenantID, applicant: ApplicantID) throws -> Set<String> {
        Set(
            try tx.query(
                """
                SELECT document_id FROM current_documents
                WHERE tenant_id = \(tenant.uuid) AND applicant_id = \(applicant.uuid) AND doc_type IN ('SELFIE', 'ID_FRONT')
                """
            ).map { DocumentID(uuid: try $0.decode(column: 0, as: UUID.self)).description }
        )
    }

    /// The key a version's bytes are sealed under now; nil when there is no such version.
    static func sealingKeyID(_ tx: PostgresTransaction, tenant: TenantID, document: DocumentID) throws -> UUID? {
        try tx.query("SELECT data_key_id FROM documents WHERE tenant_id = \(tenant.uuid) AND id = \(document.uuid)")
            .first?.decode(column: 0, as: UUID.self)
    }

    /// Keeps a selfie's sealed face descriptor with its document.
    static func storeFaceDescriptor(_ tx: PostgresTransaction, tenant: TenantID, document: DocumentID, sealed: [UInt8]) throws {
        try tx.query(
            """
            UPDATE documents SET face_descriptor = \(sealed), face_stored_at = clock_timestamp()
            WHERE tenant_id = \(tenant.uuid) AND id = \(document.uuid)
            """
        )
    }

    /// The tenant's current selfies' faces stored after `since` (all of them without it), each
    /// with the key to open it: read with the face (the applicant's key, or for a face sealed
    /// before applicant keys the data key), so a cold index costs one statement, not one a face.
    static func storedFaces(_ tx: PostgresTransaction, tenant: TenantID, since: Date?, keyring: Keyring) throws -> [StoredFace] {
        let rows = try tx.query(
            """
            SELECT d.applicant_id, d.id, d.data_key_id, d.face_descriptor, d.face_stored_at,
                k.id, k.data_key_id, k.wrapped_key, ak.wrapped_key, dk.wrapped_key
            FROM current_documents c JOIN documents d ON d.tenant_id = c.tenant_id AND d.id = c.document_id
            LEFT JOIN applicant_keys k ON k.tenant_id = d.tenant_id AND k.applicant_id = d.applicant_id AND k.id = d.data_key_id
            LEFT JOIN tenant_data_keys ak ON ak.tenant_id = k.tenant_id AND ak.id = k.data_key_id
            LEFT JOIN tenant_data_keys dk ON dk.tenant_id = d.tenant_id AND dk.id = d.data_key_id
            WHERE c.tenant_id = \(tenant.uuid) AND c.doc_type = 'SELFIE' AND d.face_descriptor IS NOT NULL
                AND (\(since)::timestamptz IS NULL OR d.face_stored_at > \(since))
            """
        )
        var dataKeys: [UUID: SymmetricKey] = [:]
        return try rows.map { row in
            let (owner, id, keyID, sealed, storedAt) = try row.decode(UUID.self, UUID.self, UUID.self, [UInt8].self, Date.self)
            let applicant = ApplicantID(uuid: owner)
            var key = try ApplicantKeyRepository.unwrap(row, from: 5, tenant: tenant, applicant: applicant, keyring: keyring)
            if key == nil, let wrapped = try row.decode(column: 9, as: [UInt8]?.self) {
                key = try dataKeys[keyID] ?? keyring.unwrap(WrappedDataKey(id: keyID, wrapped: wrapped), for: tenant)
                dataKeys[keyID] = key
            }
            return StoredFace(applicant: applicant, document: DocumentID(uuid: id), key: key, sealed: sealed, storedAt: storedAt)
        }
    }

    /// Whether `document` is still its applicant's current selfie with a stored face (not
    /// replaced by a newer selfie, not erased).
    static func isCurrentFace(_ tx: PostgresTransaction, tenant: TenantID, document: DocumentID) throws -> Bool {
        try !tx.query(
            """
            SELECT 1 FROM current_documents c JOIN documents d ON d.tenant_id = c.tenant_id AND d.id = c.document_id
            WHERE c.tenant_id = \(tenant.uuid) AND c.document_id = \(document.uuid) AND c.doc_type = 'SELFIE'
                AND d.face_descriptor IS NOT NULL
            """
        ).isEmpty
    }
}
