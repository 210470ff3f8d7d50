/// The outcome of reading a machine readable zone: what could be read, and every rule it breaks.
public struct MRZResult: Sendable, Hashable {
    /// Present whenever the layout was recognised, even when check digits or dates are wrong,
    /// so a reviewer can still see what the zone says.
    public var document: MRZDocument?
    /// `MRZFailureCode` raw values in the order their fields appear in the zone; empty when fully valid.
    public var failures: [String]

    /// True when the zone was read and breaks no rule.
    public var isValid: Bool { failures.isEmpty && document != nil }

    /// A result with the given document and failures.
    public init(document: MRZDocument?, failures: [String]) {
        self.document = document
        self.failures = failures
    }
}
