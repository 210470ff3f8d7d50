/// Where a document's checks leave it.
public enum DocumentOutcome: String, Sendable, Hashable, CaseIterable {
    case verified = "VERIFIED"
    case rejected = "REJECTED"
    /// Waiting for a reviewer.
    case inReview = "IN_REVIEW"
}

/// A document's verdict: its outcome with the reasons for it, every check's result and the
/// signals the decision engine reads.
public struct DocumentVerdict: Sendable, Hashable {
    public var status: DocumentOutcome
    /// Why the document was rejected or sent to review; empty when it is verified.
    public var reasons: [String]
    public var checks: [CheckResult]
    public var signals: DocumentSignals

    public init(status: DocumentOutcome, reasons: [String], checks: [CheckResult], signals: DocumentSignals) {
        self.status = status
        self.reasons = reasons
        self.checks = checks
        self.signals = signals
    }
}
