import Base
import Foundation
import Postgres
import Verification

/// The events the pipeline's transitions write, with the data merchants receive.
enum PipelineEvents {
    static func document(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        document: UUID,
        applicant: UUID,
        type: String,
        status: String,
        reasons: [String],
        now: Date
    ) throws {
        let event: EventType
        switch status {
        case "VERIFIED": event = .documentVerified
        case "REJECTED": event = .documentRejected
        default: return  // IN_REVIEW surfaces as the applicant's in_review once it is decided
        }
        let data: JSONValue = .object([
            "document_id": .string(DocumentID(uuid: document).description),
            "applicant_id": .string(ApplicantID(uuid: applicant).description),
            "doc_type": .string(type),
            "doc_status": .string(status),
            "rejection_reasons": .array(status == "REJECTED" ? reasons.map(JSONValue.string) : []),
            "applicant": try statusObject(tx, tenant: tenant, applicant: applicant),
        ])
        try EventLog.append(tx, tenant: tenant, type: event, subject: document, data: data, now: now)
    }

    static func applicant(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        applicant: UUID,
        type: EventType,
        status: String,
        reasons: [String] = [],
        now: Date
    ) throws {
        let data: JSONValue = .object([
            "applicant_id": .string(ApplicantID(uuid: applicant).description),
            "status": .string(status),
            "reasons": .array(reasons.map(JSONValue.string)),
            "applicant": try statusObject(tx, tenant: tenant, applicant: applicant),
        ])
        try EventLog.append(tx, tenant: tenant, type: type, subject: applicant, data: data, now: now)
    }

    /// The applicant's status object as of this transaction: what a webhook receiver needs to
    /// act without calling back (ids and statuses only, never PII).
    static func statusObject(_ tx: PostgresTransaction, tenant: TenantID, applicant: UUID) throws -> JSONValue {
        try ApplicantRepository.status(tx, tenant: tenant, id: ApplicantID(uuid: applicant))?.json ?? .null
    }
}

/// Moves an applicant on when its documents allow it.
enum ApplicantProgress {
    /// The current document of each type with its status.
    static func currentStatuses(_ tx: PostgresTransaction, tenant: TenantID, applicant: UUID) throws -> [String: String] {
        let rows = try tx.query(
            """
            SELECT c.doc_type, d.status FROM current_documents c
            JOIN documents d ON d.tenant_id = c.tenant_id AND d.id = c.document_id
            WHERE c.tenant_id = \(tenant.uuid) AND c.applicant_id = \(applicant)
            """
        )
        var statuses: [String: String] = [:]
        for row in rows {
            let (type, status) = try row.decode(String.self, String.self)
            statuses[type] = status
        }
        return statuses
    }

    /// Queues the applicant's decision once every required document has passed its checks
    /// (verified, or waiting for a reviewer), and says so with `applicant.processing`.
    static func enqueueDecisionIfReady(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        applicant: UUID,
        rules: RuleSet,
        now: Date
    ) throws {
        let statuses = try currentStatuses(tx, tenant: tenant, applicant: applicant)
        let ready = rules.requiredDocuments.allSatisfy { ["VERIFIED", "IN_REVIEW"].contains(statuses[$0] ?? "") }
        guard ready else { return }
        try JobRepository.enqueue(tx, tenant: tenant, task: .decideApplicant(ApplicantID(uuid: applicant)), now: now)
        try PipelineEvents.applicant(tx, tenant: tenant, applicant: applicant, type: .applicantProcessing, status: "processing", now: now)
    }
}
