import HTTPTransport

/// Where an outside service is and how to reach it, as the operator configured it.
public struct ProviderEndpoint: Sendable {
    /// `https://…` (or `http://` on a private network or for the simulator); paths are appended.
    public var baseURL: String
    public var apiKey: String?
    /// Time for one request, connecting included.
    public var timeout: Duration
    /// TLS material, proxy and connect timeout for this provider's own transport.
    public var transport: HTTPTransportConfiguration
    public var retry: RetryPolicy
    public var breaker: CircuitBreaker.Settings
    /// Whether answers marked as the provider simulator's are taken. Off in production: the
    /// simulator clears everyone.
    public var acceptsSimulatedAnswers: Bool

    /// The header the provider simulator marks its answers with.
    public static let simulatorHeader = "Vouch-Simulator"

    public init(
        baseURL: String,
        apiKey: String? = nil,
        timeout: Duration = .seconds(10),
        transport: HTTPTransportConfiguration = HTTPTransportConfiguration(connectTimeout: .seconds(3)),
        retry: RetryPolicy = RetryPolicy(),
        breaker: CircuitBreaker.Settings = CircuitBreaker.Settings(),
        acceptsSimulatedAnswers: Bool = false
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.timeout = timeout
        self.transport = transport
        self.retry = retry
        self.breaker = breaker
        self.acceptsSimulatedAnswers = acceptsSimulatedAnswers
    }
}

/// Tries within one provider call: exponential backoff with full jitter, `Retry-After` honoured
/// up to a ceiling. Past the last try the job queue's own, longer backoff takes over.
public struct RetryPolicy: Sendable {
    public var attempts: Int
    public var baseDelay: Duration
    public var maximumDelay: Duration

    public init(attempts: Int = 3, baseDelay: Duration = .milliseconds(200), maximumDelay: Duration = .seconds(5)) {
        self.attempts = max(1, attempts)
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
    }

    /// The pause before try `attempt + 1` (attempt counts from 1), or nil when a
    /// `Retry-After` asks for longer than this call should wait.
    public func delay(after attempt: Int, retryAfterSeconds: Int? = nil) -> Duration? {
        if let retryAfterSeconds {
            let asked = Duration.seconds(retryAfterSeconds)
            return asked <= maximumDelay ? asked : nil
        }
        let ceiling = min(maximumDelay, baseDelay * Int(pow2(attempt - 1)))
        let ceilingMilliseconds = max(1, Int(ceiling.components.seconds * 1000 + ceiling.components.attoseconds / 1_000_000_000_000_000))
        return .milliseconds(Int.random(in: ceilingMilliseconds / 2...ceilingMilliseconds))
    }

    private func pow2(_ exponent: Int) -> Int { 1 << min(max(0, exponent), 20) }
}
