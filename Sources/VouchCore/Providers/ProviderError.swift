import HTTPTransport

/// Why a provider call gave no usable answer. Every case is recorded as the check's `error`
/// and retried by the job queue; none is ever taken as a pass.
public enum ProviderError: Error, Sendable, CustomStringConvertible {
    /// No response: DNS, connection, TLS, timeout.
    case transport(TransportError)
    /// A status that is not an answer (5xx, 429, an unexpected 4xx).
    case status(Int)
    /// A 2xx whose body is not the JSON the API defines.
    case malformedResponse(String)
    /// The circuit breaker is open: the provider failed too often just now.
    case circuitOpen
    /// The answer came from the provider simulator, and this deployment does not take its
    /// answers (`VOUCH_ALLOW_SIMULATED_PROVIDERS`).
    case simulatedAnswer

    /// A stable code for the check record and logs.
    public var code: String {
        switch self {
        case .transport(let error): "transport_\(error.kind.rawValue)"
        case .status(let status): "http_\(status)"
        case .malformedResponse: "malformed_response"
        case .circuitOpen: "circuit_open"
        case .simulatedAnswer: "simulated_answer_refused"
        }
    }

    /// Worth another try at once: the service may answer next time and the request is safe to repeat.
    var isRetryable: Bool {
        switch self {
        case .transport(let error): error.isTransient
        case .status(let status): status == 429 || status >= 500
        case .malformedResponse, .circuitOpen, .simulatedAnswer: false
        }
    }

    public var description: String {
        switch self {
        case .malformedResponse(let why): "\(code): \(why)"
        default: code
        }
    }
}
