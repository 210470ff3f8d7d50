import Base
import Foundation
import Postgres
import Verification

/// Reads an applicant's current documents as the decision sees them.
enum ApplicantDocuments {
    static func facts(_ tx: PostgresTransaction, tenant: TenantID, applicant: UUID) throws -> [DocumentFacts] {
        let rows = try tx.query(
            """
            SELECT d.doc_type, d.status, d.signals FROM current_documents c
            JOIN documents d ON d.tenant_id = c.tenant_id AND d.id = c.document_id
            WHERE c.tenant_id = \(tenant.uuid) AND c.applicant_id = \(applicant)
            ORDER BY d.doc_type
            """
        )
        return try rows.map { row in
            let (type, status, signals) = try row.decode(String.self, String.self, PostgresJSON?.self)
            return DocumentFacts(type: type, status: status, signals: try signals?.decode(DocumentSignals.self) ?? DocumentSignals())
        }
    }

    /// The first valid machine-readable zone among the current identity documents.
    static func bestMRZ(_ tx: PostgresTransaction, tenant: TenantID, applicant: UUID, now: Date = Date()) throws -> MRZDocument? {
        let rows = try tx.query(
            """
            SELECT d.mrz FROM current_documents c
            JOIN documents d ON d.tenant_id = c.tenant_id AND d.id = c.document_id
            WHERE c.tenant_id = \(tenant.uuid) AND c.applicant_id = \(applicant)
                AND c.doc_type IN ('ID_FRONT', 'ID_BACK') AND d.mrz IS NOT NULL
            ORDER BY d.doc_type DESC
            """
        )
        let today = CivilDate(unixSeconds: now.timeIntervalSince1970)
        for row in rows {
            let result = MRZ.parse(try row.decode(column: 0, as: String.self), today: today)
            if result.isValid, let document = result.document { return document }
        }
        return nil
    }
}
