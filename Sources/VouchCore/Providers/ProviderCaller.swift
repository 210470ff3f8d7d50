import Foundation
import HTTPTransport
import Metrics
import ServiceLifecycle

/// Sends one provider's requests: its own transport, retries for failures that are safe to
/// retry, and its circuit breaker.
public final class ProviderCaller: Sendable, Service {
    public let name: String
    public let endpoint: ProviderEndpoint
    public let breaker: CircuitBreaker
    let transport: HTTPTransport
    let metrics: ProviderMetrics

    public init(name: String, endpoint: ProviderEndpoint) {
        self.name = name
        self.endpoint = endpoint
        self.breaker = CircuitBreaker(settings: endpoint.breaker)
        self.transport = HTTPTransport(configuration: endpoint.transport, threadName: "http-\(name.prefix(10))")
        self.metrics = ProviderMetrics(provider: name)
    }

    /// What one call came to: the answer's response, and how long the exchange took overall.
    public struct Exchange: Sendable {
        public var response: TransportResponse
        public var attempts: Int
        public var latency: Duration
    }

    /// POSTs JSON to `path` and returns the first 2xx response.
    ///
    /// - Throws: `ProviderError` once the tries are spent, the failure is not retryable, or the
    ///   circuit is open.
    public func postJSON(_ path: String, body: [UInt8], authorization: String?) async throws -> Exchange {
        var headers: [(name: String, value: String)] = []
        if let authorization { headers.append(("Authorization", authorization)) }
        return try await send(TransportRequest.postJSON(endpoint.baseURL + path, body: body, headers: headers, timeout: endpoint.timeout))
    }

    /// GETs `path` once, accepting JSON, outside the retries and the breaker: for what the
    /// provider says about itself (its catalog), whose failure must not stop its checks.
    /// Returns the body of a 2xx; throws `ProviderError` otherwise.
    func fetchOnce(_ path: String, authorization: String?, timeout: Duration) async throws -> [UInt8] {
        var headers: [(name: String, value: String)] = [("Accept", "application/json")]
        if let authorization { headers.append(("Authorization", authorization)) }
        let request = TransportRequest(url: endpoint.baseURL + path, headers: headers, timeout: min(timeout, endpoint.timeout))
        let response: TransportResponse
        do {
            response = try await transport.send(request)
        } catch let error as TransportError {
            throw ProviderError.transport(error)
        }
        guard response.isSuccess else { throw ProviderError.status(response.status) }
        return response.body
    }

    /// Sends with the endpoint's retries, through its breaker.
    func send(_ request: TransportRequest) async throws -> Exchange {
        let clock = ContinuousClock()
        let start = clock.now
        var attempt = 0
        var lastFailure: ProviderError?
        while true {
            attempt += 1
            // A breaker that opens between tries ends the call with what the tries met.
            guard breaker.allowCall() else {
                metrics.failed("circuit_open", breaker: breaker)
                throw lastFailure ?? ProviderError.circuitOpen
            }
            let failure: ProviderError
            var retryAfter: Int?
            let sent = clock.now
            do {
                let response = try await transport.send(request)
                metrics.latency.record(duration: clock.now - sent)
                if response.isSuccess, !endpoint.acceptsSimulatedAnswers,
                    response.header(ProviderEndpoint.simulatorHeader) != nil
                {
                    metrics.failed("simulated_answer", breaker: breaker)
                    throw ProviderError.simulatedAnswer
                }
                if response.isSuccess {
                    breaker.recordSuccess()
                    metrics.succeeded(breaker: breaker)
                    return Exchange(response: response, attempts: attempt, latency: clock.now - start)
                }
                failure = .status(response.status)
                retryAfter = response.retryAfterSeconds
            } catch let error as TransportError {
                if error.kind == .cancelled { throw error }
                failure = .transport(error)
            }
            breaker.recordFailure()
            metrics.failed(failure.metricReason, breaker: breaker)
            lastFailure = failure
            guard failure.isRetryable, attempt < endpoint.retry.attempts,
                let delay = endpoint.retry.delay(after: attempt, retryAfterSeconds: retryAfter)
            else { throw failure }
            try await Task.sleep(for: delay)
        }
    }

    /// Decodes a 2xx body; one that is not what the API defines counts against the provider's
    /// breaker, as any other failure does.
    func decode<T: Decodable>(_ type: T.Type, from exchange: Exchange, _ what: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(exchange.response.body))
        } catch {
            recordMalformed()
            throw ProviderError.malformedResponse("not \(what)")
        }
    }

    /// Marks a 2xx that could not be read as a failure of the provider, for its breaker.
    func recordMalformed() {
        breaker.recordFailure()
        metrics.failed("malformed", breaker: breaker)
    }

    public func close() {
        transport.close()
    }

    /// Closes the transport when the service group shuts down.
    public func run() async throws {
        try await transport.run()
    }
}

/// A provider's latency, failures and breaker state, as `/metrics` shows them. Each metric is
/// looked up when it is recorded, not when the caller is made: callers may be made before the
/// metrics system is in place.
struct ProviderMetrics: Sendable {
    let provider: String

    var latency: Metrics.Timer {
        Metrics.Timer(label: "vouch_provider_request_duration_seconds", dimensions: [("provider", provider)])
    }
    var circuitState: Gauge { Gauge(label: "vouch_provider_circuit_state", dimensions: [("provider", provider)]) }

    func succeeded(breaker: CircuitBreaker) {
        report(breaker)
    }

    func failed(_ reason: String, breaker: CircuitBreaker) {
        Counter(label: "vouch_provider_errors_total", dimensions: [("provider", provider), ("reason", reason)]).increment()
        report(breaker)
    }

    /// 0 closed, 1 half open, 2 open.
    private func report(_ breaker: CircuitBreaker) {
        switch breaker.state() {
        case .closed: circuitState.record(0)
        case .halfOpen: circuitState.record(1)
        case .open: circuitState.record(2)
        }
    }
}

extension ProviderError {
    /// The failure's kind as a metric label: few values, no details.
    var metricReason: String {
        switch self {
        case .status(let status) where status == 429: "rate_limited"
        case .status(let status) where status >= 500: "server_error"
        case .status: "client_error"
        case .transport(let error) where error.kind == .timedOut: "timeout"
        case .transport: "transport"
        default: "other"
        }
    }
}
