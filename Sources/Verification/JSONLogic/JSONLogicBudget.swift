/// Work units shared by several evaluations: every rule an applicant's decision runs draws on one
/// budget, so a long list of rules costs no more than one rule may.
public struct JSONLogicBudget: Sendable, Hashable {
    /// Units left; never below zero.
    public private(set) var remaining: Int

    /// A budget of `units` work units (nodes visited, elements and characters produced).
    public init(units: Int) {
        remaining = max(0, units)
    }

    /// True once an evaluation ran out of units, or none are left to start one.
    public var isExhausted: Bool { remaining == 0 }

    mutating func spend(_ units: Int) {
        remaining = max(0, remaining - units)
    }
}
