import Base
import Crypto
import Foundation
import Postgres
import Verification

/// Moving document versions stored before applicant keys: sealed under the tenant's data key,
/// with their claims in plaintext and their number hashed under the former scheme.
extension DocumentRepository {
    /// Re-seals up to `limit` of the tenant's versions still sealed under a data key, after
    /// `after` in id order, in one transaction: bytes, extraction and face descriptor under the
    /// applicant's key, the claimed zone and fields sealed beside them, the document number's
    /// blind index recomputed (from the extraction, else the claimed zone), the zone's birth
    /// date dropped from the signals. Returns how many it moved and the last id it looked at
    /// (nil: none left after `after`).
    ///
    /// Takes the applicants' locks before the versions', in the order every other writer does,
    /// and skips applicants locked elsewhere and versions whose check is still running (it
    /// reads them under the key it loaded): a later run takes them.
    static func resealUnderApplicantKeys(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        index: BlindIndex,
        keyring: Keyring,
        limit: Int,
        after: UUID?,
        now: Date
    ) throws -> (moved: Int, last: UUID?) {
        let candidates = try tx.query(
            """
            SELECT d.id, d.applicant_id FROM documents d
            JOIN document_files f ON f.tenant_id = d.tenant_id AND f.document_id = d.id
            JOIN tenant_data_keys k ON k.tenant_id = d.tenant_id AND k.id = d.data_key_id
            WHERE d.tenant_id = \(tenant.uuid) AND d.id > \(after ?? ApplicantRepository.minimumUUID)
                AND d.status NOT IN ('SUBMITTED', 'PROCESSING')
            ORDER BY d.id LIMIT \(limit)
            """
        ).map { try $0.decode(UUID.self, UUID.self) }
        guard let last = candidates.last?.0 else { return (0, nil) }
        let locked = try Set(
            tx.query(
                """
                SELECT id FROM applicants
                WHERE tenant_id = \(tenant.uuid) AND id = ANY (\(PostgresTextArray(uuids: candidates.map(\.1)))::uuid[])
                    AND erased_at IS NULL
                ORDER BY id FOR UPDATE SKIP LOCKED
                """
            ).map { try $0.decode(column: 0, as: UUID.self) }
        )
        var moved = 0
        for (document, applicant) in candidates where locked.contains(applicant) {
            let key = try ApplicantKeyRepository.ensure(
                tx,
                tenant: tenant,
                applicant: ApplicantID(uuid: applicant),
                keyring: keyring,
                now: now
            )
            if try reseal(tx, tenant: tenant, document: DocumentID(uuid: document), under: key, index: index, keyring: keyring) {
                moved += 1
            }
        }
        return (moved, last)
    }

    /// Re-seals one version under its applicant's key; false when it moved meanwhile.
    private static func reseal(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        document: DocumentID,
        under applicantKey: (id: UUID, key: SymmetricKey),
        index: BlindIndex,
        keyring: Keyring
    ) throws -> Bool {
        let rows = try tx.query(
            """
            SELECT d.data_key_id, k.wrapped_key, d.mrz, d.fields, d.extraction, d.face_descriptor, f.sealed
            FROM documents d
            JOIN document_files f ON f.tenant_id = d.tenant_id AND f.document_id = d.id
            JOIN tenant_data_keys k ON k.tenant_id = d.tenant_id AND k.id = d.data_key_id
            WHERE d.tenant_id = \(tenant.uuid) AND d.id = \(document.uuid)
            FOR UPDATE OF d
            """
        )
        guard let row = rows.first else { return false }
        let (dataKeyID, wrappedDataKey, mrz) = try row.decode(UUID.self, [UInt8].self, String?.self)
        let old = try keyring.unwrap(WrappedDataKey(id: dataKeyID, wrapped: wrappedDataKey), for: tenant)
        let new = applicantKey.key
        let fields = try row.decode(column: 3, as: PostgresJSON?.self)?.decode([String: String].self)
        let claims = try DocumentClaims.sealed(mrz: mrz, fields: fields, key: new, tenant: tenant, document: document)
        var number = mrz.flatMap { MRZ.parse($0, today: CivilDate(unixSeconds: Date().timeIntervalSince1970)).document?.documentNumber }
        var extraction: [UInt8]?
        if let sealed = try row.decode(column: 4, as: [UInt8]?.self) {
            let json = try Keyring.openExtraction(sealed, with: old, tenant: tenant, document: document)
            number = try JSONDecoder().decode(DocumentExtraction.self, from: Data(json)).fields["document_number"]?.value ?? number
            extraction = try Keyring.sealExtraction(json, with: new, tenant: tenant, document: document)
        }
        let face = try row.decode(column: 5, as: [UInt8]?.self).map { sealed in
            let descriptor = try Keyring.openFaceDescriptor(sealed, with: old, tenant: tenant, document: document)
            return try Keyring.sealFaceDescriptor(descriptor, with: new, tenant: tenant, document: document)
        }
        let bytes = try Keyring.open(try row.decode(column: 6), with: old, tenant: tenant, document: document)
        let file = try Keyring.seal(bytes, with: new, tenant: tenant, document: document)
        try tx.query(
            """
            UPDATE documents SET data_key_id = \(applicantKey.id), claims_sealed = \(claims), mrz = NULL, fields = NULL,
                extraction = \(extraction), face_descriptor = \(face), signals = signals - 'birth_date',
                document_number_hash = \(number.map(index.documentNumber))
            WHERE tenant_id = \(tenant.uuid) AND id = \(document.uuid)
            """
        )
        try tx.query("UPDATE document_files SET sealed = \(file) WHERE tenant_id = \(tenant.uuid) AND document_id = \(document.uuid)")
        return true
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
