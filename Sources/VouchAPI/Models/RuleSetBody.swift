import Base
import Foundation
import Verification
import VouchCore

/// A stored rule set as the API shows it; `rules` is the rule set's own JSON.
struct RuleSetBody: Encodable {
    var object = "rule_set"
    var livemode = Livemode()
    var version: Int
    @Nullable var createdAt: Date?
    @Nullable var createdBy: String?
    var rules: JSONValue

    enum CodingKeys: String, CodingKey {
        case object, livemode, version
        case createdAt = "created_at"
        case createdBy = "created_by"
        case rules
    }

    init(_ version: RuleSetVersion) {
        self.version = version.version
        createdAt = version.createdAt
        createdBy = version.createdBy?.description
        rules = version.rules.json
    }
}

/// A simulation's result as the API shows it: how many were decided again and which changed.
struct RuleSimulationBody: Encodable {
    /// An applicant whose verdict the draft would change.
    struct Change: Encodable {
        var applicantID: String
        var current: String
        var simulated: String
        var reasons: [String]
        var decidedBy: String

        enum CodingKeys: String, CodingKey {
            case applicantID = "applicant_id"
            case current, simulated, reasons
            case decidedBy = "decided_by"
        }

        init(_ change: SimulatedChange) {
            applicantID = change.applicantID.description
            current = change.current
            simulated = change.simulated
            reasons = change.reasons
            decidedBy = change.decidedBy
        }
    }

    var object = "rule_simulation"
    var livemode = Livemode()
    var evaluated: Int
    var complete: Bool
    var changedCount: Int
    /// How many applicants the draft gives each verdict.
    var verdicts: [String: Int]
    var changed: [Change]

    enum CodingKeys: String, CodingKey {
        case object, livemode, evaluated, complete
        case changedCount = "changed_count"
        case verdicts, changed
    }

    init(_ result: RuleSimulationResult) {
        evaluated = result.evaluated
        complete = result.complete
        changedCount = result.changed.count
        verdicts = result.verdicts
        changed = result.changed.map(Change.init)
    }
}
