import Foundation
import Postgres
import Verification

/// Applicant-level check runs and decisions, each a row; the newest of a kind is current.
enum ApplicantCheckLog {
    static func record(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        applicant: UUID,
        kind: String,
        answer: ProviderAnswer,
        now: Date
    ) throws {
        let result: JSONValue = .object([
            "status": .string(answer.status),
            "top_score": .number(answer.topScore),
            "sanctions": .bool(answer.sanctions),
            "pep": .bool(answer.pep),
            "details": answer.details,
        ])
        try insert(tx, tenant: tenant, applicant: applicant, kind: kind, status: answer.status, result: result, now: now)
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

    static func insert(
        _ tx: PostgresTransaction,
        tenant: TenantID,
        applicant: UUID,
        kind: String,
        status: String,
        result: JSONValue,
        now: Date
    ) throws {
        try tx.query(
            """
            INSERT INTO applicant_checks (tenant_id, id, applicant_id, kind, status, result, created_at)
            VALUES (\(tenant.uuid), \(UUID.version7(now: now)), \(applicant), \(kind), \(status),
                \(try PostgresJSON(encoding: result)), \(now))
            """
        )
    }

    static func latestStatus(_ tx: PostgresTransaction, tenant: TenantID, applicant: UUID, kind: String) throws -> String? {
        let rows = try tx.query(
            """
            SELECT status FROM applicant_checks
            WHERE tenant_id = \(tenant.uuid) AND applicant_id = \(applicant) AND kind = \(kind)
            ORDER BY created_at DESC, id DESC LIMIT 1
            """
        )
        return try rows.first?.decode(column: 0, as: String.self)
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
