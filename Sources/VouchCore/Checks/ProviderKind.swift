/// The applicant-level checks an outside provider answers; the `kind` of their rows in the
/// applicant's checks.
public enum ProviderKind: String, Sendable, Hashable, CaseIterable {
    /// Sanctions and PEP screening.
    case screening
    /// The regulator's register, which may answer later through a signed callback.
    case regulator
    /// The selfie held against the document's portrait, by Vouch's own face models.
    case face

    /// What a call to the provider is billed as.
    var usageKind: UsageKind {
        switch self {
        case .screening: .screeningCall
        case .regulator: .regulatorCall
        case .face: .faceMatch
        }
    }
}
