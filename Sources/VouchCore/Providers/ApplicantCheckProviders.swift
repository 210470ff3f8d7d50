import Foundation
import Verification

/// Who is being checked, as the applicant-level providers need it.
public struct CheckSubject: Sendable, Hashable {
    public var tenant: TenantID
    public var applicant: ApplicantID
    public var firstName: String?
    public var lastName: String?
    public var birthDate: String?
    /// Alpha-3.
    public var nationality: String?
    public var documentNumber: String?
}

/// What a provider answered, as recorded in the applicant's checks.
public struct ProviderAnswer: Sendable, Hashable {
    /// Screening: `clear` or `hit`. Regulator: `match`, `no_match` or `pending`.
    public var status: String
    /// Best hit score, for screening.
    public var topScore: Double
    public var sanctions: Bool
    public var pep: Bool
    /// The provider's own account (request id, latency, hits…), stored as given.
    public var details: JSONValue

    public init(status: String, topScore: Double = 0, sanctions: Bool = false, pep: Bool = false, details: JSONValue = .object([:])) {
        self.status = status
        self.topScore = topScore
        self.sanctions = sanctions
        self.pep = pep
        self.details = details
    }
}

/// An applicant-level check run by an outside service (sanctions screening, the regulator).
/// Throwing means the check could not be run: it is recorded as `error` and retried.
public protocol ApplicantCheckProvider: Sendable {
    func check(_ subject: CheckSubject, rules: RuleSet) async throws -> ProviderAnswer
}

/// The providers configured for this deployment; a check without one is recorded as `skipped`.
public struct ApplicantCheckProviders: Sendable {
    public var screening: (any ApplicantCheckProvider)?
    public var regulator: (any ApplicantCheckProvider)?

    public init(screening: (any ApplicantCheckProvider)? = nil, regulator: (any ApplicantCheckProvider)? = nil) {
        self.screening = screening
        self.regulator = regulator
    }
}
