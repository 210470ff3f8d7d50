/// One HTTP request to send through an `HTTPTransport`.
///
/// Redirects are never followed: a 3xx comes back as the response, for the caller to judge.
public struct TransportRequest: Sendable {
    public var method: String
    /// An absolute `http://` or `https://` URL; no other scheme is let through.
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Time for the whole exchange, connecting included.
    public var timeout: Duration
    /// Time to establish the connection (TCP and TLS); nil uses the transport's default.
    public var connectTimeout: Duration?
    /// A larger response body fails with `TransportError.Kind.responseTooLarge` (or, with
    /// `truncatesResponse`, is cut there); nil uses the transport's default.
    public var maximumResponseBytes: Int?
    /// Keep only the first `maximumResponseBytes` of the body and read the rest away, instead of
    /// failing: for callers that judge a response by its status and only log its body.
    public var truncatesResponse = false
    /// `host:port:address` entries that pin a name to an address already checked, so the
    /// connection goes where the caller decided, whatever DNS says by then.
    public var pinnedAddresses: [String]

    public init(
        method: String = "GET",
        url: String,
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = [],
        timeout: Duration = .seconds(30),
        connectTimeout: Duration? = nil,
        maximumResponseBytes: Int? = nil,
        pinnedAddresses: [String] = []
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maximumResponseBytes = maximumResponseBytes
        self.pinnedAddresses = pinnedAddresses
    }

    /// A JSON POST.
    public static func postJSON(
        _ url: String,
        body: [UInt8],
        headers: [(name: String, value: String)] = [],
        timeout: Duration = .seconds(30)
    ) -> TransportRequest {
        TransportRequest(
            method: "POST",
            url: url,
            headers: [("Content-Type", "application/json"), ("Accept", "application/json")] + headers,
            body: body,
            timeout: timeout
        )
    }
}
