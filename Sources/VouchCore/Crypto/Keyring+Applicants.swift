import Crypto
import Foundation

/// An applicant's own key as stored: wrapped by one of its tenant's data keys.
struct WrappedApplicantKey: Sendable {
    var id: UUID
    var dataKeyID: UUID
    var wrapped: [UInt8]
}

/// The applicant keys: each applicant's personal data is sealed under a key of its own, wrapped by
/// the tenant's data key, so destroying that one wrapped key makes all of it unreadable.
extension Keyring {
    /// A fresh applicant key, and the same wrapped by `dataKey` (the tenant's data key `dataKeyID`).
    static func newApplicantKey(
        tenant: TenantID,
        applicant: ApplicantID,
        dataKey: SymmetricKey,
        dataKeyID: UUID
    ) throws -> (key: SymmetricKey, wrapped: WrappedApplicantKey) {
        let id = UUID.version7()
        let key = SymmetricKey(size: .bits256)
        let raw = key.withUnsafeBytes { Array($0) }
        let wrapped = try seal(raw, with: dataKey, context: applicantKeyContext(tenant, applicant, id))
        return (key, WrappedApplicantKey(id: id, dataKeyID: dataKeyID, wrapped: wrapped))
    }

    /// Unwraps an applicant key; fails if it was stored for another applicant or tenant.
    static func unwrap(_ wrapped: WrappedApplicantKey, with dataKey: SymmetricKey, tenant: TenantID, applicant: ApplicantID) throws
        -> SymmetricKey
    {
        SymmetricKey(data: try open(wrapped.wrapped, with: dataKey, context: applicantKeyContext(tenant, applicant, wrapped.id)))
    }

    /// The applicant key wrapped by another of the tenant's data keys (a data key rotation).
    static func rewrap(
        _ wrapped: WrappedApplicantKey,
        from oldKey: SymmetricKey,
        to newKey: SymmetricKey,
        newKeyID: UUID,
        tenant: TenantID,
        applicant: ApplicantID
    ) throws -> WrappedApplicantKey {
        let raw = try open(wrapped.wrapped, with: oldKey, context: applicantKeyContext(tenant, applicant, wrapped.id))
        let rewrapped = try seal(raw, with: newKey, context: applicantKeyContext(tenant, applicant, wrapped.id))
        return WrappedApplicantKey(id: wrapped.id, dataKeyID: newKeyID, wrapped: rewrapped)
    }

    /// Seals the applicant's profile (its JSON) under the applicant's key.
    static func sealProfile(_ bytes: [UInt8], with key: SymmetricKey, tenant: TenantID, applicant: ApplicantID) throws -> [UInt8] {
        try seal(bytes, with: key, context: Data("vouch/applicant-profile/\(tenant)/\(applicant)".utf8))
    }

    static func openProfile(_ sealed: [UInt8], with key: SymmetricKey, tenant: TenantID, applicant: ApplicantID) throws -> [UInt8] {
        try open(sealed, with: key, context: Data("vouch/applicant-profile/\(tenant)/\(applicant)".utf8))
    }

    /// Seals what the merchant claimed with a document (its zone and fields) under the applicant's key.
    static func sealClaims(_ bytes: [UInt8], with key: SymmetricKey, tenant: TenantID, document: DocumentID) throws -> [UInt8] {
        try seal(bytes, with: key, context: Data("vouch/document-claims/\(tenant)/\(document)".utf8))
    }

    static func openClaims(_ sealed: [UInt8], with key: SymmetricKey, tenant: TenantID, document: DocumentID) throws -> [UInt8] {
        try open(sealed, with: key, context: Data("vouch/document-claims/\(tenant)/\(document)".utf8))
    }

    private static func applicantKeyContext(_ tenant: TenantID, _ applicant: ApplicantID, _ id: UUID) -> Data {
        Data("vouch/applicant-key/\(tenant)/\(applicant)/\(id.uuidString)".utf8)
    }
}
