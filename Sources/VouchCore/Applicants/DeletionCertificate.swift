import Crypto
import Foundation

/// What an erasure destroyed, signed by the instance: the statement a data-protection officer
/// keeps, verifiable offline against `/.well-known/vouch-keys` with `vouch certificate verify`.
/// The signed payload is this JSON; the JWS carries it byte for byte.
public struct DeletionCertificate: Codable, Sendable, Equatable {
    public struct Destroyed: Codable, Sendable, Equatable {
        /// The applicant's documents (every version uploaded), their sealed bytes deleted.
        public var documentIDs: [String]
        public var documentBytes: Int
        /// The keys that sealed them.
        public var dataKeyIDs: [String]
        /// The applicant's own key, destroyed: everything sealed under it can no longer be opened
        /// wherever it was copied after the erasure (nil for an applicant that never had one).
        public var applicantKeyID: String?
        public var faceDescriptors: Int
        /// The profile fields that held a value and were cleared.
        public var profileFields: [String]
        /// What was cleared on every document: read zones, extracted fields, signals.
        public var documentFields: [String]

        enum CodingKeys: String, CodingKey {
            case documentIDs = "document_ids"
            case documentBytes = "document_bytes"
            case dataKeyIDs = "data_key_ids"
            case applicantKeyID = "applicant_key_id"
            case faceDescriptors = "face_descriptors"
            case profileFields = "profile_fields"
            case documentFields = "document_fields"
        }
    }

    /// The row of the tenant's audit chain that records the erasure.
    public struct AuditPosition: Codable, Sendable, Equatable {
        public var sequence: Int
        public var hash: String
    }

    public struct Requester: Codable, Sendable, Equatable {
        public var type: String
        public var id: String
        public var requestID: String

        enum CodingKeys: String, CodingKey {
            case type, id
            case requestID = "request_id"
        }
    }

    public var object = "deletion_certificate"
    public var tenantID: String
    public var applicantID: String
    /// RFC 3339, as every time in the API.
    public var erasedAt: String
    public var requestedBy: Requester
    public var destroyed: Destroyed
    public var audit: AuditPosition
    public var keyID: String

    enum CodingKeys: String, CodingKey {
        case object
        case tenantID = "tenant_id"
        case applicantID = "applicant_id"
        case erasedAt = "erased_at"
        case requestedBy = "requested_by"
        case destroyed, audit
        case keyID = "key_id"
    }

    /// The JWS `typ` of a certificate.
    public static let jwsType = "vouch-deletion-certificate+jws"

    /// The certificate a JWS carries, once verified against `keys`.
    public static func verified(_ jws: String, keys: [String: Curve25519.Signing.PublicKey]) throws -> DeletionCertificate {
        let (payload, keyID) = try CompactJWS.verify(jws, keys: keys)
        let certificate = try Self.decoder.decode(DeletionCertificate.self, from: payload)
        guard certificate.keyID == keyID else { throw CompactJWS.Failure.malformed }
        return certificate
    }

    /// A certificate file (the API's answer, or the bare JWS) once its JWS verifies against the
    /// JWKS and the statement shown beside it, when there is one, is the one signed.
    public static func verify(certificate file: Data, jwks: Data) throws -> DeletionCertificate {
        let text = String(decoding: file, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        var jws = text
        var shown: Any?
        if text.hasPrefix("{") {
            guard let object = try? JSONSerialization.jsonObject(with: file) as? [String: Any], let inner = object["jws"] as? String
            else { throw CompactJWS.Failure.malformed }
            jws = inner
            shown = object["certificate"]
        }
        let certificate = try verified(jws, keys: try CompactJWS.keys(fromJWKS: jwks))
        if let shown {
            let signed = try JSONSerialization.jsonObject(with: encoder.encode(certificate))
            guard (shown as? NSDictionary)?.isEqual(signed as? NSDictionary) == true else { throw CompactJWS.Failure.badSignature }
        }
        return certificate
    }

    /// The certificate a JWS carries, as written, without checking its signature: what the
    /// server shows beside the JWS it stored itself.
    public static func unverified(_ jws: String) throws -> DeletionCertificate {
        let parts = jws.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let payload = Base64URL.decode(parts[1]) else { throw CompactJWS.Failure.malformed }
        return try decoder.decode(DeletionCertificate.self, from: payload)
    }

    func signed(with key: InstanceSigningKey) throws -> String {
        try CompactJWS.sign(try Self.encoder.encode(self), with: key, type: Self.jwsType)
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static let decoder = JSONDecoder()
}
