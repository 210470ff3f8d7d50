import Crypto
import Foundation

/// What the merchant claimed with an upload: the document's machine-readable zone and fields as
/// it read them. Personal data, so stored sealed under the applicant's key.
public struct DocumentClaims: Codable, Sendable, Equatable {
    public var mrz: String?
    public var fields: [String: String]?

    /// Whether anything was claimed.
    public var isEmpty: Bool { mrz == nil && fields == nil }

    /// The claims sealed, or nil when nothing was claimed.
    static func sealed(mrz: String?, fields: [String: String]?, key: SymmetricKey, tenant: TenantID, document: DocumentID) throws
        -> [UInt8]?
    {
        guard mrz != nil || fields != nil else { return nil }
        let json = try JSONEncoder().encode(DocumentClaims(mrz: mrz, fields: fields))
        return try Keyring.sealClaims(Array(json), with: key, tenant: tenant, document: document)
    }

    static func open(_ sealed: [UInt8], key: SymmetricKey, tenant: TenantID, document: DocumentID) throws -> DocumentClaims {
        try JSONDecoder().decode(DocumentClaims.self, from: Data(Keyring.openClaims(sealed, with: key, tenant: tenant, document: document)))
    }
}
