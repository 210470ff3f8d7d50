import Base
import Foundation

/// What came back: the final response's status, headers and body.
public struct TransportResponse: Sendable {
    public var status: Int
    /// In the order received, names as sent.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// `1.1`, `2` or `3`.
    public var httpVersion: String
    /// From the start of the transfer to its last byte.
    public var duration: Duration

    public init(
        status: Int,
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = [],
        httpVersion: String = "1.1",
        duration: Duration = .zero
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.httpVersion = httpVersion
        self.duration = duration
    }

    /// The first value of a header, matched case-insensitively.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The longest `Retry-After` taken at its word: a day. A peer may send any number.
    public static let longestRetryAfterSeconds = 86_400

    /// `Retry-After` in seconds, when given as a number, held to at most a day (the HTTP-date
    /// form is not used by the services Vouch talks to, and is ignored).
    public var retryAfterSeconds: Int? {
        header("Retry-After").flatMap {
            Int(saturatingDigits: $0.trimmingCharacters(in: .whitespaces), ceiling: Self.longestRetryAfterSeconds)
        }
    }
}
