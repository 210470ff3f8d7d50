/// A weighted score (0…100) of how risky an applicant looks, from the signals alone.
///
/// Weights, chosen so that one strong signal reaches the default review threshold (60) only
/// together with another: a name similarity of s adds (1 − s) × 60; an editing-tool trace 25;
/// a duplicate file 30 and a duplicate document number 35; the best screening score × 30;
/// a regulator `no_match` 40 and an `error` 10; no valid machine-readable zone 10; a document
/// expiring within 30 days 5; an applicant under 21 5. Custom rules that fire add their points.
public enum RiskScore {
    public static func score(_ signals: DecisionSignals) -> Double {
        var score = 0.0
        if let name = signals.nameScore { score += (1 - min(max(name, 0), 1)) * 60 }
        if signals.tampering { score += 25 }
        if signals.duplicateFile { score += 30 }
        if signals.duplicateDocumentNumber { score += 35 }
        score += min(max(signals.screeningTopScore, 0), 1) * 30
        switch signals.regulatorStatus {
        case "no_match": score += 40
        case "error": score += 10
        default: break
        }
        if !signals.mrzValid { score += 10 }
        if let days = signals.daysToExpiry, (0..<30).contains(days) { score += 5 }
        if let age = signals.age, age < 21 { score += 5 }
        return min(score, 100)
    }
}
