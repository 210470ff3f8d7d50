import Base
import Verification

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
