import Crypto
import Foundation

/// Standard Webhooks signatures (standardwebhooks.com): a secret `whsec_<base64 key>`, and
/// `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">` in the `webhook-signature` header.
public enum StandardWebhooks {
    /// A new secret: 24 random bytes, as `whsec_<base64>`.
    public static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<24).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return "whsec_" + Data(bytes).base64EncodedString()
    }

    /// The signing key inside a secret.
    static func key(_ secret: String) -> SymmetricKey? {
        guard secret.hasPrefix("whsec_"), let data = Data(base64Encoded: String(secret.dropFirst(6))) else { return nil }
        return SymmetricKey(data: data)
    }

    /// `v1,<signature>` of one secret.
    public static func signature(id: String, timestamp: Int, body: [UInt8], secret: String) -> String? {
        guard let key = key(secret) else { return nil }
        var message = Array("\(id).\(timestamp).".utf8)
        message += body
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: key)
        return "v1," + Data(mac).base64EncodedString()
    }

    /// The header value for every secret in force, space separated (two during a rotation).
    public static func header(id: String, timestamp: Int, body: [UInt8], secrets: [String]) -> String {
        secrets.compactMap { signature(id: id, timestamp: timestamp, body: body, secret: $0) }.joined(separator: " ")
    }
}
