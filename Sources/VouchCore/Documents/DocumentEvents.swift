import Base
import Foundation
import Postgres
import Verification

/// The documents' events, with the data merchants receive.
enum DocumentEvents {
    /// `document.submitted`, when a new version is stored.
    static func submitted(_ tx: PostgresTransaction, tenant: TenantID, document: Document, now: Date) throws {
        let data: JSONValue = .object([
            "document_id": .string(document.id.description),
            "applicant_id": .string(document.applicantID.description),
            "doc_type": .string(document.type.rawValue),
            "version": .number(Double(document.version)),
        ])
        try EventRepository.append(
            tx,
            tenant: tenant,
            type: .documentSubmitted,
            subject: document.id.uuid,
            applicant: document.applicantID,
            data: data,
            now: now
        )
    }

    /// `document.verified` or `document.rejected`, with the applicant's status object as of this
    /// transaction. Nothing for `IN_REVIEW`: it surfaces as the applicant's `in_review` once
    /// the applicant is decided.
    static func checked(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        document: DocumentID,
        applicant: ApplicantID,
        type: String,
        status: DocumentStatus,
        reasons: [String],
        now: Date
    ) throws {
        let event: EventType
        switch status {
        case .verified: event = .documentVerified
        case .rejected: event = .documentRejected
        case .submitted, .processing, .inReview: return
        }
        let data: JSONValue = .object([
            "document_id": .string(document.description),
            "applicant_id": .string(applicant.description),
            "doc_type": .string(type),
            "doc_status": .string(status.rawValue),
            "rejection_reasons": .array(status == .rejected ? reasons.map(JSONValue.string) : []),
            "applicant": try ApplicantEvents.statusObject(tx, tenant: tenant, applicant: applicant),
        ])
        try EventRepository.append(tx, tenant: tenant, type: event, subject: document.uuid, applicant: applicant, data: data, now: now)
    }
}
