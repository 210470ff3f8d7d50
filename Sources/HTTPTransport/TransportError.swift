import CCurl

/// Why a request got no response. The description names the kind and libcurl's code only:
/// never the URL, headers or body, which can carry credentials.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The name did not resolve.
        case dnsFailure = "dns_failure"
        /// Nothing accepted the connection (refused, unreachable).
        case connectionFailed = "connection_failed"
        /// The connection broke, or the peer closed it before a whole response.
        case connectionLost = "connection_lost"
        case timedOut = "timed_out"
        /// The certificate did not verify, or the handshake failed.
        case tls
        case responseTooLarge = "response_too_large"
        /// The request could not be sent as given (bad URL, unsupported scheme).
        case invalidRequest = "invalid_request"
        case cancelled
        /// The transport was closed.
        case shutdown
        case other
    }

    public var kind: Kind
    /// libcurl's `CURLcode`, when it was libcurl that failed.
    public var curlCode: Int?

    public init(kind: Kind, curlCode: Int? = nil) {
        self.kind = kind
        self.curlCode = curlCode
    }

    /// A failure that may well not happen again: worth another try when the request is safe to
    /// repeat.
    public var isTransient: Bool {
        switch kind {
        case .dnsFailure, .connectionFailed, .connectionLost, .timedOut: true
        case .tls, .responseTooLarge, .invalidRequest, .cancelled, .shutdown, .other: false
        }
    }

    public var description: String {
        curlCode.map { "\(kind.rawValue) (curl \($0))" } ?? kind.rawValue
    }

    init(curl code: CURLcode, tooLarge: Bool) {
        self.curlCode = Int(code.rawValue)
        if tooLarge {
            kind = .responseTooLarge
            return
        }
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: kind = .dnsFailure
        case CURLE_COULDNT_CONNECT: kind = .connectionFailed
        case CURLE_OPERATION_TIMEDOUT: kind = .timedOut
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CACERT_BADFILE,
            CURLE_SSL_ISSUER_ERROR, CURLE_SSL_CIPHER, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT:
            kind = .tls
        case CURLE_FILESIZE_EXCEEDED: kind = .responseTooLarge
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE, CURLE_HTTP2, CURLE_HTTP2_STREAM,
            CURLE_HTTP3:
            kind = .connectionLost
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT, CURLE_BAD_FUNCTION_ARGUMENT: kind = .invalidRequest
        default: kind = .other
        }
    }
}
