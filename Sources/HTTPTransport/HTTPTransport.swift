import ServiceLifecycle

/// An async HTTP client over libcurl's multi interface.
///
/// One thread of its own drives every transfer (see `CurlDriver`), so libcurl never blocks
/// Swift's cooperative threads; callers await their response through a continuation.
/// Connections are kept and reused per host, HTTP/2 is used where the server offers it, TLS is
/// verified unless configured otherwise, and cancelling the calling task aborts the transfer.
///
/// As a `Service`, it closes when its service group shuts down; `close()` does so directly.
public final class HTTPTransport: Sendable, Service {
    public let configuration: HTTPTransportConfiguration
    private let driver: CurlDriver

    public init(configuration: HTTPTransportConfiguration = HTTPTransportConfiguration(), threadName: String = "http-transport") {
        self.configuration = configuration
        self.driver = CurlDriver(configuration: configuration, threadName: threadName)
    }

    deinit {
        driver.close()
    }

    /// Sends the request and returns the response, whatever its status.
    ///
    /// - Throws: `TransportError` when no whole response arrived: DNS, connection, TLS, timeout,
    ///   size limit, cancellation or shutdown.
    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        let transfer = driver.makeTransfer(request)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                transfer.await(continuation)
                driver.submit(transfer)
            }
        } onCancel: {
            driver.cancel(transfer)
        }
    }

    /// Requests submitted and not yet answered.
    public var requestsInFlight: Int { driver.transfersInFlight }

    /// Fails every request in flight with `TransportError.Kind.shutdown` and stops the thread.
    public func close() {
        driver.close()
    }

    public func run() async throws {
        try? await gracefulShutdown()
        close()
    }
}
