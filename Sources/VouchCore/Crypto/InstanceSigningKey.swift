import Crypto
import Foundation

/// One of the instance's Ed25519 keys, with which Vouch signs on its own behalf (deletion
/// certificates). Its id is the RFC 7638 thumbprint of its public key, so anyone holding the
/// public key can compute the id, and a JWKS entry cannot claim another key's id.
public struct InstanceSigningKey: Sendable {
    public let id: String
    public let publicKey: Curve25519.Signing.PublicKey
    /// Loaded only for the key in force, to sign with.
    let privateKey: Curve25519.Signing.PrivateKey?
    public let createdAt: Date
    public let retiredAt: Date?

    init(publicKey: Curve25519.Signing.PublicKey, privateKey: Curve25519.Signing.PrivateKey?, createdAt: Date, retiredAt: Date?) {
        self.id = Self.thumbprint(publicKey)
        self.publicKey = publicKey
        self.privateKey = privateKey
        self.createdAt = createdAt
        self.retiredAt = retiredAt
    }

    /// The key as a JSON Web Key (RFC 8037: `OKP`, `Ed25519`).
    public var jwk: [String: String] {
        ["kty": "OKP", "crv": "Ed25519", "x": Base64URL.encode(publicKey.rawRepresentation), "kid": id, "use": "sig", "alg": "EdDSA"]
    }

    /// SHA-256 over the required members in lexicographic order, base64url (RFC 7638).
    static func thumbprint(_ key: Curve25519.Signing.PublicKey) -> String {
        let members = #"{"crv":"Ed25519","kty":"OKP","x":"\#(Base64URL.encode(key.rawRepresentation))"}"#
        return Base64URL.encode(Data(SHA256.hash(data: Data(members.utf8))))
    }
}

/// Base64 with the URL alphabet and no padding, as JOSE writes it.
public enum Base64URL {
    public static func encode(_ data: some DataProtocol) -> String {
        Data(data).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func decode(_ text: some StringProtocol) -> Data? {
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}

/// JWS compact serialization (RFC 7515) with EdDSA (RFC 8037), for payloads Vouch signs: any JOSE
/// library verifies them against the published keys.
public enum CompactJWS {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case malformed
        case unknownKey(String)
        case badSignature

        public var description: String {
            switch self {
            case .malformed: "not a JWS in compact form with an EdDSA header"
            case .unknownKey(let id): "signed by key \(id), which the published keys do not hold"
            case .badSignature: "the signature does not verify: the certificate was altered or not signed by that key"
            }
        }
    }

    /// `header.payload.signature`, the header naming the key and the payload's type.
    static func sign(_ payload: Data, with key: InstanceSigningKey, type: String) throws -> String {
        guard let privateKey = key.privateKey else { throw Failure.unknownKey(key.id) }
        let header = try JSONSerialization.data(withJSONObject: ["alg": "EdDSA", "kid": key.id, "typ": type], options: .sortedKeys)
        let signingInput = Base64URL.encode(header) + "." + Base64URL.encode(payload)
        let signature = try privateKey.signature(for: Data(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(signature)
    }

    /// The payload of a JWS that one of `keys` (by id) signed; throws what is wrong otherwise.
    public static func verify(_ jws: String, keys: [String: Curve25519.Signing.PublicKey]) throws -> (payload: Data, keyID: String) {
        let parts = jws.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Base64URL.decode(parts[0]), let payload = Base64URL.decode(parts[1]),
            let signature = Base64URL.decode(parts[2]),
            let header = try? JSONSerialization.jsonObject(with: headerBytes) as? [String: Any],
            header["alg"] as? String == "EdDSA", let keyID = header["kid"] as? String
        else { throw Failure.malformed }
        guard let key = keys[keyID] else { throw Failure.unknownKey(keyID) }
        guard key.isValidSignature(signature, for: Data("\(parts[0]).\(parts[1])".utf8)) else { throw Failure.badSignature }
        return (payload, keyID)
    }

    /// The public keys of a JWKS document, by id; entries that are not Ed25519 keys are skipped.
    public static func keys(fromJWKS document: Data) throws -> [String: Curve25519.Signing.PublicKey] {
        guard let object = try JSONSerialization.jsonObject(with: document) as? [String: Any], let list = object["keys"] as? [[String: Any]]
        else { throw Failure.malformed }
        var keys: [String: Curve25519.Signing.PublicKey] = [:]
        for entry in list where entry["kty"] as? String == "OKP" && entry["crv"] as? String == "Ed25519" {
            guard let x = entry["x"] as? String, let raw = Base64URL.decode(x),
                let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
            else { continue }
            // The id is the key's own thumbprint: an entry claiming another id is not trusted.
            let id = InstanceSigningKey.thumbprint(key)
            if entry["kid"] as? String == id { keys[id] = key }
        }
        return keys
    }
}
