import Base
import Foundation
import Postgres
import Verification

/// The pieces of the pipeline's transactions that write and read applicant-level checks and
/// the regulator's pending references. Check runs and decisions are rows; the newest of a kind
/// is current.
extension ApplicantCheckRepository {
    /// The `kind` of a decision's row.
    static let decisionKind = "decision"

    /// Records a provider's answer; returns the check's id.
    @discardableResult
    static func recordAnswer(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        applicant: ApplicantID,
        kind: ProviderKind,
        answer: ProviderAnswer,
        now: Date
    ) throws -> CheckID {
        var result: [String: JSONValue] = [
            "status": .string(answer.status),
            "top_score": .number(answer.topScore),
            "sanctions": .bool(answer.sanctions),
            "pep": .bool(answer.pep),
            "watchlist": .bool(answer.watchlist),
            // A provider may answer anything; Postgres stores no NUL in `jsonb`.
            "details": answer.details.replacingNUL(),
        ]
        if let reference = answer.reference { result["reference"] = .string(reference) }
        return try insert(
            tx,
            tenant: tenant,
            applicant: applicant,
            kind: kind.rawValue,
            status: answer.status,
            result: .object(result),
            now: now
        )
    }

    /// Records a provider's answer with what goes with it: the usage of the call that produced
    /// it (when a provider was called), and the reference of a pending regulator check.
    static func recordProviderAnswer(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        applicant: ApplicantID,
        kind: ProviderKind,
        answer: ProviderAnswer,
        calledProvider: Bool,
        now: Date
    ) throws {
        let check = try recordAnswer(tx, tenant: tenant, applicant: applicant, kind: kind, answer: answer, now: now)
        if calledProvider {
            try UsageRepository.record(
                tx,
                tenant: tenant,
                kind: kind.usageKind,
                applicant: applicant,
                outcome: answer.status,
                key: "check:\(check.uuid.uuidString.lowercased())",
                now: now
            )
        }
        if kind == .regulator, answer.status == "pending", let reference = answer.reference {
            try tx.query(
                """
                INSERT INTO regulator_references (tenant_id, reference, applicant_id, status, created_at)
                VALUES (\(tenant.uuid), \(reference), \(applicant.uuid), 'pending', \(now))
                ON CONFLICT DO NOTHING
                """
            )
        }
    }

    /// The newest answer of a kind, as it was recorded.
    static func latestAnswer(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        applicant: ApplicantID,
        kind: ProviderKind
    ) throws -> ProviderAnswer? {
        let rows = try tx.query(
            """
            SELECT result FROM applicant_checks
            WHERE tenant_id = \(tenant.uuid) AND applicant_id = \(applicant.uuid) AND kind = \(kind.rawValue)
            ORDER BY created_at DESC, id DESC LIMIT 1
            """
        )
        guard let stored = try rows.first?.decode(column: 0, as: PostgresJSON.self) else { return nil }
        let result = try stored.decode(JSONValue.self)
        return ProviderAnswer(
            status: result["status"]?.stringValue ?? "error",
            topScore: result["top_score"]?.doubleValue ?? 0,
            sanctions: result["sanctions"]?.boolValue ?? false,
            pep: result["pep"]?.boolValue ?? false,
            watchlist: result["watchlist"]?.boolValue ?? false,
            reference: result["reference"]?.stringValue,
            details: result["details"] ?? .object([:])
        )
    }

    /// Records a decision — the engine's or a reviewer's — as `record` shows it.
    static func recordDecision(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        applicant: ApplicantID,
        verdict: String,
        record: JSONValue,
        now: Date
    ) throws {
        try insert(tx, tenant: tenant, applicant: applicant, kind: decisionKind, status: verdict, result: record, now: now)
    }

    @discardableResult
    private static func insert(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        applicant: ApplicantID,
        kind: String,
        status: String,
        result: JSONValue,
        now: Date
    ) throws -> CheckID {
        let id = UUID.version7(now: now)
        try tx.query(
            """
            INSERT INTO applicant_checks (tenant_id, id, applicant_id, kind, status, result, created_at)
            VALUES (\(tenant.uuid), \(id), \(applicant.uuid), \(kind), \(status),
                \(try PostgresJSON(encoding: result)), \(now))
            """
        )
        return CheckID(uuid: id)
    }

    /// Locks a regulator reference; nil when Vouch never sent it.
    static func lockReference(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        reference: String
    ) throws -> (applicant: ApplicantID, status: String)? {
        let rows = try tx.query(
            """
            SELECT applicant_id, status FROM regulator_references
            WHERE tenant_id = \(tenant.uuid) AND reference = \(reference) FOR UPDATE
            """
        )
        guard let row = rows.first else { return nil }
        let (applicant, status) = try row.decode(UUID.self, String.self)
        return (ApplicantID(uuid: applicant), status)
    }

    /// The applicant's newest regulator reference and its status, if it has one.
    static func latestReference(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        applicant: ApplicantID
    ) throws -> (reference: String, status: String)? {
        let rows = try tx.query(
            """
            SELECT reference, status FROM regulator_references
            WHERE tenant_id = \(tenant.uuid) AND applicant_id = \(applicant.uuid) ORDER BY created_at DESC LIMIT 1
            """
        )
        return try rows.first.map { try $0.decode(String.self, String.self) }
    }

    /// The tenant of a reference that does not name it (an older one): looked up across
    /// tenants, before any tenant is known. Nil when Vouch never sent it.
    static func referenceTenant(_ reference: String, database: UnscopedDatabase) async throws -> TenantID? {
        let rows = try await database.query("SELECT regulator_reference_tenant(\(reference))")
        return try rows.first?.decode(column: 0, as: UUID?.self).map(TenantID.init(uuid:))
    }

    /// Completes a pending regulator reference with the regulator's answer.
    static func completeReference(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        reference: String,
        status: String,
        now: Date
    ) throws {
        try tx.query(
            """
            UPDATE regulator_references SET status = \(status), completed_at = \(now)
            WHERE tenant_id = \(tenant.uuid) AND reference = \(reference)
            """
        )
    }

    /// The checks' part of an erasure: the providers' answers lose their details (which may
    /// name the person); their statuses stay.
    static func erase(_ tx: PostgresTransaction, tenant: TenantID, applicant: ApplicantID) throws {
        try tx.query(
            """
            UPDATE applicant_checks SET result = result - 'details' || '{"details": {"erased": true}}'
            WHERE tenant_id = \(tenant.uuid) AND applicant_id = \(applicant.uuid) AND kind IN ('screening', 'regulator')
            """
        )
    }
}
