import Base
import Foundation
import Postgres
import Verification

/// The applicant's events, each with the status object as of its transaction: what a webhook
/// receiver needs to act without calling back (ids and statuses only, never PII).
enum ApplicantEvents {
    static func append(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        applicant: ApplicantID,
        type: EventType,
        status: String,
        reasons: [String] = [],
        now: Date
    ) throws {
        let data: JSONValue = .object([
            "applicant_id": .string(applicant.description),
            "status": .string(status),
            "reasons": .array(reasons.map(JSONValue.string)),
            "applicant": try statusObject(tx, tenant: tenant, applicant: applicant),
        ])
        try EventRepository.append(tx, tenant: tenant, type: type, subject: applicant.uuid, applicant: applicant, data: data, now: now)
    }

    /// `applicant.screening_hit`: a screening after onboarding raised hits nobody cleared that
    /// the rules act on. Ids, reasons and the lists' version only: never a listed name.
    static func screeningHit(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        applicant: ApplicantID,
        reasons: [String],
        answer: ProviderAnswer,
        now: Date
    ) throws {
        let candidates = (answer.details["hits"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
        let data: JSONValue = .object([
            "applicant_id": .string(applicant.description),
            "reasons": .array(reasons.map(JSONValue.string)),
            "candidate_ids": .array(candidates.map(JSONValue.string)),
            "list_version": answer.details["list_version"] ?? .null,
            "applicant": try statusObject(tx, tenant: tenant, applicant: applicant),
        ])
        try EventRepository.append(
            tx,
            tenant: tenant,
            type: .applicantScreeningHit,
            subject: applicant.uuid,
            applicant: applicant,
            data: data,
            now: now
        )
    }

    /// The applicant's status object as of this transaction.
    static func statusObject(_ tx: PostgresTransaction, tenant: TenantID, applicant: ApplicantID) throws -> JSONValue {
        try ApplicantRepository.status(tx, tenant: tenant, id: applicant)?.json ?? .null
    }
}
