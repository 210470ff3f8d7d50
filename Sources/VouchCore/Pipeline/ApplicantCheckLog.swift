import Base
import Foundation
import Postgres
import Verification

/// Applicant-level check runs and decisions, each a row; the newest of a kind is current.
enum ApplicantCheckLog {
    /// Records a provider's answer; returns the check's id.
    @discardableResult
    static func record(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        applicant: UUID,
        kind: String,
        answer: ProviderAnswer,
        now: Date
    ) throws -> UUID {
        var result: [String: JSONValue] = [
            "status": .string(answer.status),
            "top_score": .number(answer.topScore),
            "sanctions": .bool(answer.sanctions),
            "pep": .bool(answer.pep),
            // A provider may answer anything; Postgres stores no NUL in `jsonb`.
            "details": answer.details.replacingNUL(),
        ]
        if let reference = answer.reference { result["reference"] = .string(reference) }
        return try insert(tx, tenant: tenant, applicant: applicant, kind: kind, status: answer.status, result: .object(result), now: now)
    }

    /// The newest answer of a kind, as it was recorded.
    static func latestAnswer(_ tx: PostgresTransaction, tenant: TenantID, applicant: UUID, kind: String) throws -> ProviderAnswer? {
        let rows = try tx.query(
            """
            SELECT result FROM applicant_checks
            WHERE tenant_id = \(tenant.uuid) AND applicant_id = \(applicant) AND kind = \(kind)
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
            reference: result["reference"]?.stringValue,
            details: result["details"] ?? .object([:])
        )
    }

    static func recordDecision(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        applicant: UUID,
        decision: Decision,
        signals: DecisionSignals,
        ruleSetVersion: Int,
        now: Date
    ) throws {
        try insert(
            tx,
            tenant: tenant,
            applicant: applicant,
            kind: "decision",
            status: decision.verdict.rawValue,
            result: DecisionRecord.json(decision, signals: signals, ruleSetVersion: ruleSetVersion),
            now: now
        )
    }

    @discardableResult
    static func insert(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        applicant: UUID,
        kind: String,
        status: String,
        result: JSONValue,
        now: Date
    ) throws -> UUID {
        let id = UUID.version7(now: now)
        try tx.query(
            """
            INSERT INTO applicant_checks (tenant_id, id, applicant_id, kind, status, result, created_at)
            VALUES (\(tenant.uuid), \(id), \(applicant), \(kind), \(status),
                \(try PostgresJSON(encoding: result)), \(now))
            """
        )
        return id
    }
}

/// How a decision is stored and shown: verdict, reasons, score, trace, and the signals it saw.
public enum DecisionRecord {
    public static func json(_ decision: Decision, signals: DecisionSignals, ruleSetVersion: Int) -> JSONValue {
        .object([
            "verdict": .string(decision.verdict.rawValue),
            "reasons": .array(decision.reasons.map(JSONValue.string)),
            "risk_score": .number((decision.riskScore * 10).rounded() / 10),
            "decided_by": .string(decision.decidedBy),
            "rule_set_version": .number(Double(ruleSetVersion)),
            "trace": .array(
                decision.trace.map { firing in
                    .object([
                        "rule": .string(firing.rule),
                        "action": .string(firing.action.rawValue),
                        "reason": .string(firing.reason),
                    ])
                }
            ),
            "signals": signals.json(riskScore: decision.riskScore),
        ])
    }
}
