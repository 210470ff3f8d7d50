import Base
import Foundation
import Synchronization
import Verification

/// One recorded decision whose verdict a draft would change.
public struct SimulatedChange: Sendable, Equatable {
    public var applicantID: ApplicantID
    public var current: String
    public var simulated: String
    public var reasons: [String]
    public var decidedBy: String
}

/// What a draft rule set would have decided.
public struct RuleSimulationResult: Sendable, Equatable {
    /// Decisions replayed (fewer than loaded when the simulation's budget ran out).
    public var evaluated: Int
    /// Simulated verdicts counted by verdict.
    public var verdicts: [String: Int]
    public var changed: [SimulatedChange]
    /// False when the simulation's work budget ran out before every decision was replayed.
    public var complete: Bool
}

/// Replays recent decisions under a draft rule set, a tenant at a time, on a thread of its own.
///
/// Each decision's custom rules share `DecisionEngine.decisionBudget` work units, as the workers'
/// do; the whole simulation gets `budget`. The evaluation is CPU work without a suspension point,
/// so it runs off the cooperative pool, where it would hold a thread every request needs.
public final class RuleSimulator: Sendable {
    let checks: ApplicantCheckRepository
    /// Work units one simulation may spend across all its decisions.
    public let budget: Int
    private let running = Mutex<Set<TenantID>>([])

    /// The default whole-simulation budget: ten decisions at their full budget; decisions whose
    /// rules are cheap (most) cost a few hundred units each.
    public static let defaultBudget = 10 * DecisionEngine.decisionBudget

    public init(checks: ApplicantCheckRepository, budget: Int = RuleSimulator.defaultBudget) {
        self.checks = checks
        self.budget = budget
    }

    /// Replays the `limit` most recently decided applicants under `rules`. Throws
    /// `VouchError.simulationInProgress` while the tenant already has one running.
    public func simulate(tenant: TenantID, rules: RuleSet, limit: Int) async throws -> RuleSimulationResult {
        try await oneAtATime(tenant) { try await replayRecent(tenant: tenant, rules: rules, limit: limit) }
    }

    /// Replays the `limit` most recently decided applicants under `rules`, for a caller that
    /// holds the tenant's turn (`oneAtATime`).
    public func replayRecent(tenant: TenantID, rules: RuleSet, limit: Int) async throws -> RuleSimulationResult {
        let recorded = try await checks.recentDecisions(tenant: tenant, limit: limit)
        let budget = budget
        return await Self.onOwnThread { Self.replay(rules, over: recorded, budget: budget) }
    }

    /// Runs `body` unless `tenant` already runs one; a second caller is refused, not queued, so a
    /// client retrying in a loop cannot pile simulations up.
    public func oneAtATime<T: Sendable>(_ tenant: TenantID, _ body: () async throws -> T) async throws -> T {
        guard running.withLock({ $0.insert(tenant).inserted }) else { throw VouchError.simulationInProgress }
        defer { _ = running.withLock { $0.remove(tenant) } }
        return try await body()
    }

    /// Replays `recorded` under `rules`; stops when `budget` runs out.
    public static func replay(_ rules: RuleSet, over recorded: [RecordedDecision], budget: Int) -> RuleSimulationResult {
        var remaining = budget
        var result = RuleSimulationResult(
            evaluated: 0,
            verdicts: ["verified": 0, "rejected": 0, "in_review": 0, "pending": 0],
            changed: [],
            complete: true
        )
        for decision in recorded {
            let allowance = min(DecisionEngine.decisionBudget, remaining)
            var decisionBudget = JSONLogicBudget(units: allowance)
            let outcome = DecisionEngine.decide(DecisionSignals(json: decision.signals), rules: rules, budget: &decisionBudget)
            remaining -= allowance - decisionBudget.remaining
            // Cut short by what the simulation had left, not by its own budget: a worker would
            // have decided otherwise, so the decision is not reported.
            if outcome.exceededBudget && allowance < DecisionEngine.decisionBudget {
                result.complete = false
                break
            }
            result.evaluated += 1
            result.verdicts[outcome.verdict.rawValue, default: 0] += 1
            guard outcome.verdict.rawValue != decision.verdict else { continue }
            result.changed.append(
                SimulatedChange(
                    applicantID: decision.applicantID,
                    current: decision.verdict,
                    simulated: outcome.verdict.rawValue,
                    reasons: outcome.reasons,
                    decidedBy: outcome.decidedBy
                )
            )
        }
        return result
    }

    /// The name of the threads simulations run on (Linux keeps 15 characters of a thread's name).
    public static let threadName = "rule-simulation"

    static func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                ThreadName.setCurrent(threadName)
                // At the background executor's priority: a tenant replaying costly rules takes
                // what the cores have left after everyone's requests.
                ThreadPriority.lowerCurrent(to: BackgroundExecutor.shared.niceness)
                continuation.resume(returning: work())
            }
            // Rules nest up to JSONLogicExpression.depthCeiling levels; evaluation recurses once a level.
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
