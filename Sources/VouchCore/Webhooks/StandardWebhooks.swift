import Crypto
import Foundation

/// How an endpoint's deliveries are signed.
public enum WebhookSigning: String, Sendable, CaseIterable {
    /// A shared secret `whsec_…`, signatures `v1,…`: whoever verifies could also sign.
    case hmacSHA256 = "hmac_sha256"
    /// A key pair: the secret key `whsk_…` stays sealed in Vouch, the merchant verifies `v1a,…`
    /// signatures with the public key `whpk_…`, and holds nothing that could forge one.
    case ed25519
}

/// Standard Webhooks signatures (standardwebhooks.com) over `"{id}.{timestamp}.{body}"`, in the
/// `webhook-signature` header: `v1,<base64 HMAC-SHA256>` under a secret `whsec_<base64 key>`, or
/// `v1a,<base64 Ed25519 signature>` under a secret key `whsk_<base64 32-byte seed>`.
public enum StandardWebhooks {
    /// A new HMAC secret: 24 random bytes, as `whsec_<base64>`.
    public static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<24).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return "whsec_" + Data(bytes).base64EncodedString()
    }

    /// A new signing key of a scheme: the secret to seal, and for Ed25519 the public key to show.
    public static func newKey(_ signing: WebhookSigning) -> (secret: String, publicKey: String?) {
        switch signing {
        case .hmacSHA256:
            return (newSecret(), nil)
        case .ed25519:
            let key = Curve25519.Signing.PrivateKey()
            return ("whsk_" + key.rawRepresentation.base64EncodedString(), publicKey(key.publicKey))
        }
    }

    /// `whpk_<base64 32-byte key>`.
    static func publicKey(_ key: Curve25519.Signing.PublicKey) -> String {
        "whpk_" + key.rawRepresentation.base64EncodedString()
    }

    /// The HMAC key inside a `whsec_` secret.
    static func hmacKey(_ secret: String) -> SymmetricKey? {
        guard secret.hasPrefix("whsec_"), let data = Data(base64Encoded: String(secret.dropFirst(6))) else { return nil }
        return SymmetricKey(data: data)
    }

    /// The Ed25519 key inside a `whsk_` secret key.
    static func signingKey(_ secret: String) -> Curve25519.Signing.PrivateKey? {
        guard secret.hasPrefix("whsk_"), let data = Data(base64Encoded: String(secret.dropFirst(5))) else { return nil }
        return try? Curve25519.Signing.PrivateKey(rawRepresentation: data)
    }

    /// `v1,<signature>` or `v1a,<signature>` of one secret, by its prefix; nil for neither.
    public static func signature(id: String, timestamp: Int, body: [UInt8], secret: String) -> String? {
        var message = Array("\(id).\(timestamp).".utf8)
        message += body
        if let key = hmacKey(secret) {
            return "v1," + Data(HMAC<SHA256>.authenticationCode(for: message, using: key)).base64EncodedString()
        }
        if let key = signingKey(secret), let signature = try? key.signature(for: message) {
            return "v1a," + signature.base64EncodedString()
        }
        return nil
    }

    /// The header value for every secret in force, space separated (two during a rotation, which
    /// may be one of each scheme when an endpoint moves from HMAC to Ed25519).
    public static func header(id: String, timestamp: Int, body: [UInt8], secrets: [String]) -> String {
        secrets.compactMap { signature(id: id, timestamp: timestamp, body: body, secret: $0) }.joined(separator: " ")
    }
}
