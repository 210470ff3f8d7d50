import Configuration
import Foundation
import HTTPTransport
import VouchCore

/// The outside services an operator points Vouch at: each is off until its URL is set.
///
/// For each of `screening` and `regulator`: `VOUCH_<NAME>_URL`, `_API_KEY`, `_TIMEOUT_SECONDS`
/// (10), `_CONNECT_TIMEOUT_SECONDS` (3), `_CA_BUNDLE`, `_CLIENT_CERT`, `_CLIENT_KEY` (mutual
/// TLS), `_PROXY`; plus `VOUCH_SCREENING_DATASET` (`default`), `VOUCH_SCREENING_ALGORITHM`
/// (`logic-v1`, recorded with every result), `VOUCH_SCREENING` (`remote`: the service at
/// `VOUCH_SCREENING_URL`; `local`: the lists loaded with `vouch lists import`; `both`) and
/// `VOUCH_REGULATOR_CALLBACK_SECRET` (base64, or text) for the signed callbacks.
public struct ProviderSettings: Sendable {
    /// Which lists screening asks: the remote service's, those loaded locally, or both.
    public enum ScreeningLists: String, Sendable, CaseIterable {
        case remote
        case local
        case both
    }

    public var screening: ProviderEndpoint?
    public var screeningLists: ScreeningLists = .remote
    /// How often a worker checks whether a locally loaded list has a new version. Zero: at
    /// every screening, each waiting for a new version's index (for tests).
    public var localListsRecheck: Duration = .seconds(30)
    public var screeningDataset: String
    public var screeningAlgorithm: String
    public var regulator: ProviderEndpoint?
    public var regulatorCallbackSecret: [UInt8]?
    /// Whether answers from the provider simulator are taken (`VOUCH_ALLOW_SIMULATED_PROVIDERS`):
    /// the simulator clears everyone, so by default its answers are refused and the server
    /// will not start against it.
    public var allowsSimulated: Bool

    public init(
        screening: ProviderEndpoint? = nil,
        screeningDataset: String = "default",
        screeningAlgorithm: String = SanctionsScreeningClient.defaultAlgorithm,
        regulator: ProviderEndpoint? = nil,
        regulatorCallbackSecret: [UInt8]? = nil,
        allowsSimulated: Bool = false
    ) {
        self.screening = screening
        self.screeningDataset = screeningDataset
        self.screeningAlgorithm = screeningAlgorithm
        self.regulator = regulator
        self.regulatorCallbackSecret = regulatorCallbackSecret
        self.allowsSimulated = allowsSimulated
    }

    init(reader: ConfigReader) throws {
        let allowsSimulated = reader.bool(forKey: "vouch.allow.simulated.providers", default: false)
        let lists = reader.string(forKey: "vouch.screening", default: ScreeningLists.remote.rawValue)
        guard let screeningLists = ScreeningLists(rawValue: lists) else {
            throw ConfigurationError(description: "VOUCH_SCREENING must be remote, local or both")
        }
        self.init(
            screening: try Self.endpoint("screening", reader, acceptsSimulatedAnswers: allowsSimulated),
            screeningDataset: reader.string(forKey: "vouch.screening.dataset", default: "default"),
            screeningAlgorithm: reader.string(forKey: "vouch.screening.algorithm", default: SanctionsScreeningClient.defaultAlgorithm),
            regulator: try Self.endpoint("regulator", reader, acceptsSimulatedAnswers: allowsSimulated),
            regulatorCallbackSecret: try reader.string(forKey: "vouch.regulator.callback.secret", isSecret: true).map {
                let secret = Self.secretBytes($0)
                guard secret.count >= Self.minimumSecretBytes else {
                    throw ConfigurationError(description: "VOUCH_REGULATOR_CALLBACK_SECRET must be at least 32 bytes")
                }
                return secret
            },
            allowsSimulated: allowsSimulated
        )
        self.screeningLists = screeningLists
    }

    /// Shared secrets shorter than this are refused: a short one can be guessed offline from
    /// one signed message.
    public static let minimumSecretBytes = 32

    /// The clients for what is configured.
    public func makeProviders() -> ApplicantCheckProviders {
        ApplicantCheckProviders(
            screening: screening,
            screeningDataset: screeningDataset,
            screeningAlgorithm: screeningAlgorithm,
            regulator: regulator,
            regulatorCallbackSecret: regulatorCallbackSecret
        )
    }

    static func endpoint(_ name: String, _ reader: ConfigReader, acceptsSimulatedAnswers: Bool) throws -> ProviderEndpoint? {
        guard let url = reader.string(forKey: ConfigKey("vouch.\(name).url")), !url.isEmpty else { return nil }
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
            throw ConfigurationError(description: "VOUCH_\(name.uppercased())_URL must be an http(s) URL")
        }
        let transport = HTTPTransportConfiguration(
            caBundlePath: reader.string(forKey: ConfigKey("vouch.\(name).ca.bundle")),
            clientCertificatePath: reader.string(forKey: ConfigKey("vouch.\(name).client.cert")),
            clientKeyPath: reader.string(forKey: ConfigKey("vouch.\(name).client.key"), isSecret: true),
            proxy: reader.string(forKey: ConfigKey("vouch.\(name).proxy"), isSecret: true),
            connectTimeout: .seconds(reader.int(forKey: ConfigKey("vouch.\(name).connect.timeout.seconds"), default: 3))
        )
        return ProviderEndpoint(
            baseURL: url,
            apiKey: reader.string(forKey: ConfigKey("vouch.\(name).api.key"), isSecret: true),
            timeout: .seconds(reader.int(forKey: ConfigKey("vouch.\(name).timeout.seconds"), default: 10)),
            transport: transport,
            acceptsSimulatedAnswers: acceptsSimulatedAnswers
        )
    }

    /// A secret given as base64 is used decoded; any other text, as its UTF-8 bytes.
    public static func secretBytes(_ text: String) -> [UInt8] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.count >= 16, let data = Data(base64Encoded: trimmed) { return Array(data) }
        return Array(trimmed.utf8)
    }
}

extension ProviderSettings {
    /// Refuses to go on when a provider URL points at the provider simulator and its answers
    /// are not allowed: asks each configured service's `/healthz` once and looks for the mark
    /// the simulator puts on every answer. A service that does not answer is no reason to stop.
    public func refuseSimulator() async throws {
        let configured = [("VOUCH_SCREENING_URL", screening), ("VOUCH_REGULATOR_URL", regulator)]
            .compactMap { name, endpoint in endpoint.map { (name, $0) } }
            .filter { !$0.1.acceptsSimulatedAnswers }
        guard !configured.isEmpty else { return }
        let transport = HTTPTransport(configuration: HTTPTransportConfiguration(connectTimeout: .seconds(2)), threadName: "http-probe")
        defer { transport.close() }
        for (name, endpoint) in configured {
            let request = TransportRequest(url: endpoint.baseURL + "/healthz", timeout: .seconds(3))
            guard let response = try? await transport.send(request) else { continue }
            if response.header(ProviderEndpoint.simulatorHeader) != nil {
                throw ConfigurationError(
                    description: "\(name) points at the provider simulator, which clears everyone; "
                        + "set VOUCH_ALLOW_SIMULATED_PROVIDERS=true only for demos and tests"
                )
            }
        }
    }
}
