/// How an `HTTPTransport` connects: TLS material, proxy, defaults for every request.
public struct HTTPTransportConfiguration: Sendable {
    /// Certificates are verified unless an operator turns it off for a test rig.
    public var verifyPeer: Bool
    /// PEM bundle of the authorities to trust instead of the system's.
    public var caBundlePath: String?
    /// PEM client certificate and key, for services that want mutual TLS.
    public var clientCertificatePath: String?
    public var clientKeyPath: String?
    /// `http://host:port` (or `socks5://…`). Without one, no proxy is used — not even one
    /// named by the `http_proxy` environment variables, so egress is what the configuration says.
    public var proxy: String?
    public var connectTimeout: Duration
    public var maximumResponseBytes: Int
    /// Open connections kept per host; 0 leaves it to libcurl (no limit).
    public var maximumConnectionsPerHost: Int
    public var userAgent: String
    /// The nice value of the transport's thread: above 0 for transports that serve background
    /// work (webhooks), so their transfers yield the cores to request threads.
    public var threadNiceness: Int32

    public init(
        verifyPeer: Bool = true,
        caBundlePath: String? = nil,
        clientCertificatePath: String? = nil,
        clientKeyPath: String? = nil,
        proxy: String? = nil,
        connectTimeout: Duration = .seconds(5),
        maximumResponseBytes: Int = 4 * 1024 * 1024,
        maximumConnectionsPerHost: Int = 0,
        userAgent: String = "vouch",
        threadNiceness: Int32 = 0
    ) {
        self.verifyPeer = verifyPeer
        self.caBundlePath = caBundlePath
        self.clientCertificatePath = clientCertificatePath
        self.clientKeyPath = clientKeyPath
        self.proxy = proxy
        self.connectTimeout = connectTimeout
        self.maximumResponseBytes = maximumResponseBytes
        self.maximumConnectionsPerHost = maximumConnectionsPerHost
        self.userAgent = userAgent
        self.threadNiceness = threadNiceness
    }
}
