import Base
import Foundation
import Verification

/// Who is being checked, as the applicant-level providers need it.
public struct CheckSubject: Sendable {
    public var tenant: TenantID
    public var applicant: ApplicantID
    public var firstName: String?
    public var lastName: String?
    public var birthDate: String?
    /// Alpha-3.
    public var nationality: String?
    public var documentNumber: String?
    /// Screening: whether the tenant keeps a watch list, the entries of it that share a word
    /// start with the person's name, and the candidates reviewers cleared for this applicant.
    public var keepsWatchlist = false
    /// The published lists' versions the screening must at least use (dataset → version): a
    /// screening again, after a list changed, waits for the lists loaded locally to catch up.
    public var listVersions: [String: String]?
    public var watchlist: [WatchlistEntry] = []
    public var clearances: [ScreeningClearance] = []

    /// The person as screening compares candidates with it.
    public var screeningQuery: ScreeningQuery {
        ScreeningQuery(
            name: [firstName, lastName].compactMap { $0 }.joined(separator: " "),
            birthDate: birthDate,
            country: nationality.flatMap(CountryCodes.alpha2)?.lowercased()
        )
    }
}

/// What a provider answered, as recorded in the applicant's checks.
public struct ProviderAnswer: Sendable, Hashable {
    /// Screening: `clear` or `hit`. Regulator: `match`, `no_match` or `pending`.
    public var status: String
    /// Best hit score, for screening.
    public var topScore: Double
    public var sanctions: Bool
    public var pep: Bool
    /// Screening: a hit on the tenant's own watch list.
    public var watchlist: Bool
    /// The provider's own account (request id, latency, hits…), stored as given.
    public var details: JSONValue
    /// The regulator check's reference, which its callback will quote when it is `pending`.
    public var reference: String?
    /// Whether an outside provider was called for it (and the call is billed): not for a
    /// screening against the tenant's watch list only. Not stored.
    public var calledProvider = true

    public init(
        status: String,
        topScore: Double = 0,
        sanctions: Bool = false,
        pep: Bool = false,
        watchlist: Bool = false,
        reference: String? = nil,
        details: JSONValue = .object([:])
    ) {
        self.status = status
        self.topScore = topScore
        self.sanctions = sanctions
        self.pep = pep
        self.watchlist = watchlist
        self.reference = reference
        self.details = details
    }

    /// An answer that stands: it may be used again instead of asking the provider twice.
    var isFinal: Bool { ["clear", "hit", "match", "no_match", "pending"].contains(status) }
}

/// An applicant-level check run by an outside service (sanctions screening, the regulator).
/// Throwing means the check could not be run: it is recorded as `error` and retried.
public protocol ApplicantCheckProvider: Sendable {
    func check(_ subject: CheckSubject, rules: RuleSet) async throws -> ProviderAnswer
}

/// The providers configured for this deployment; a check without one is recorded as `skipped`.
public struct ApplicantCheckProviders: Sendable {
    /// The published lists' screening; the tenant's watch list is screened with or without it.
    public var screening: (any ScreeningSource)?
    /// The lists loaded locally, when screening asks them: monitoring reads their indexes.
    public var localLists: LocalListScreening?
    public var regulator: (any ApplicantCheckProvider)?
    /// The selfie against the document's portrait (`FaceMatcher`); nil when face checks are off.
    public var face: (any ApplicantCheckProvider)?
    /// What test-mode twins use instead of the providers above (`serving(_:)`); nil: their
    /// outside checks are skipped.
    public var testMode: TestModeProviders?
    /// The regulator's shared secret for its signed callbacks; without one, none is accepted.
    public var regulatorCallbackSecret: [UInt8]?
    /// The callers behind the providers, for their breakers' state and for shutting down.
    public var callers: [ProviderCaller]

    public init(
        screening: (any ScreeningSource)? = nil,
        regulator: (any ApplicantCheckProvider)? = nil,
        regulatorCallbackSecret: [UInt8]? = nil,
        callers: [ProviderCaller] = []
    ) {
        self.screening = screening
        self.regulator = regulator
        self.regulatorCallbackSecret = regulatorCallbackSecret
        self.callers = callers
    }

    /// The real clients for the endpoints an operator configured.
    public init(
        screening: ProviderEndpoint?,
        screeningDataset: String = "default",
        screeningAlgorithm: String = SanctionsScreeningClient.defaultAlgorithm,
        screeningCatalogFreshFor: Duration = .seconds(60),
        regulator: ProviderEndpoint?,
        regulatorCallbackSecret: [UInt8]?
    ) {
        let screeningCaller = screening.map { ProviderCaller(name: ProviderKind.screening.rawValue, endpoint: $0) }
        let regulatorCaller = regulator.map { ProviderCaller(name: ProviderKind.regulator.rawValue, endpoint: $0) }
        self.init(
            screening: screeningCaller.map {
                SanctionsScreeningClient(
                    caller: $0,
                    dataset: screeningDataset,
                    algorithm: screeningAlgorithm,
                    catalogFreshFor: screeningCatalogFreshFor
                )
            },
            regulator: regulatorCaller.map { RegulatorClient(caller: $0) },
            regulatorCallbackSecret: regulatorCallbackSecret,
            callers: [screeningCaller, regulatorCaller].compactMap { $0 }
        )
    }
}
