import Base
import Crypto
import Foundation
import Postgres
import Verification

/// Moving document versions stored before applicant keys: sealed under the tenant's data key,
/// with their claims in plaintext and their number hashed under the former key.
extension DocumentRepository {
    /// Re-seals up to `limit` of the tenant's versions still sealed under a data key, in one
    /// transaction: bytes, extraction and face descriptor under the applicant's key, the claimed
    /// zone and fields sealed beside them, the document number's blind index recomputed from
    /// the extraction. Versions whose bytes erasure destroyed are left as they are. Returns how
    /// many were moved.
    static func resealUnderApplicantKeys(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        index: BlindIndex,
        keyring: Keyring,
        limit: Int,
        now: Date
    ) throws -> Int {
        let rows = try tx.query(
            """
            SELECT d.id, d.applicant_id, d.data_key_id, k.wrapped_key, d.mrz, d.fields, d.extraction, d.face_descriptor, f.sealed
            FROM documents d
            JOIN document_files f ON f.tenant_id = d.tenant_id AND f.document_id = d.id
            JOIN tenant_data_keys k ON k.tenant_id = d.tenant_id AND k.id = d.data_key_id
            WHERE d.tenant_id = \(tenant.uuid)
            ORDER BY d.id LIMIT \(limit)
            FOR UPDATE OF d SKIP LOCKED
            """
        )
        for row in rows {
            let (id, applicant, dataKeyID, wrappedDataKey) = try row.decode(UUID.self, UUID.self, UUID.self, [UInt8].self)
            let document = DocumentID(uuid: id)
            let old = try keyring.unwrap(WrappedDataKey(id: dataKeyID, wrapped: wrappedDataKey), for: tenant)
            let (keyID, new) = try ApplicantKeyRepository.ensure(
                tx,
                tenant: tenant,
                applicant: ApplicantID(uuid: applicant),
                keyring: keyring,
                now: now
            )
            let fields = try row.decode(column: 5, as: PostgresJSON?.self)?.decode([String: String].self)
            let claims = try DocumentClaims.sealed(
                mrz: try row.decode(column: 4),
                fields: fields,
                key: new,
                tenant: tenant,
                document: document
            )
            let file = try Keyring.seal(
                try Keyring.open(try row.decode(column: 8), with: old, tenant: tenant, document: document),
                with: new,
                tenant: tenant,
                document: document
            )
            var extraction: [UInt8]?
            var numberHash: [UInt8]?
            if let sealed = try row.decode(column: 6, as: [UInt8]?.self) {
                let json = try Keyring.openExtraction(sealed, with: old, tenant: tenant, document: document)
                let read = try JSONDecoder().decode(DocumentExtraction.self, from: Data(json))
                numberHash = read.fields["document_number"].map { index.documentNumber($0.value) }
                extraction = try Keyring.sealExtraction(json, with: new, tenant: tenant, document: document)
            }
            let face = try row.decode(column: 7, as: [UInt8]?.self).map { sealed in
                try Keyring.sealFaceDescriptor(
                    try Keyring.openFaceDescriptor(sealed, with: old, tenant: tenant, document: document),
                    with: new,
                    tenant: tenant,
                    document: document
                )
            }
            try tx.query(
                """
                UPDATE documents SET data_key_id = \(keyID), claims_sealed = \(claims), mrz = NULL, fields = NULL,
                    extraction = \(extraction), face_descriptor = \(face), signals = signals - 'birth_date',
                    document_number_hash = CASE WHEN extraction IS NULL THEN document_number_hash ELSE \(numberHash) END
                WHERE tenant_id = \(tenant.uuid) AND id = \(id)
                """
            )
            try tx.query("UPDATE document_files SET sealed = \(file) WHERE tenant_id = \(tenant.uuid) AND document_id = \(id)")
        }
        return rows.count
    }

    /// How many of the tenant's versions are still sealed under a data key.
    static func underDataKeysCount(_ tx: PostgresTransaction, tenant: TenantID) throws -> Int {
        let rows = try tx.query(
            """
            SELECT count(*) FROM documents d
            JOIN document_files f ON f.tenant_id = d.tenant_id AND f.document_id = d.id
            JOIN tenant_data_keys k ON k.tenant_id = d.tenant_id AND k.id = d.data_key_id
            WHERE d.tenant_id = \(tenant.uuid)
            """
        )
        return try rows[0].decode(column: 0, as: Int.self)
    }
}
