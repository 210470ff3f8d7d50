import Crypto
import Foundation
import Postgres
import Verification

/// Limits enforced on uploads before anything is stored.
public struct DocumentUploadLimits: Sendable {
    /// Largest decoded file accepted.
    public var maximumFileBytes: Int
    /// Versions one applicant may have of one document type; past it, `document_version_limit`.
    /// Each version is a stored file and a billed check, so a loop of rejected uploads stops.
    public var maximumVersions: Int

    public init(maximumFileBytes: Int = 10 * 1024 * 1024, maximumVersions: Int = 20) {
        self.maximumFileBytes = maximumFileBytes
        self.maximumVersions = max(1, maximumVersions)
    }

    /// The largest request body that can carry a file within the limit as base64 JSON or
    /// multipart, with room for the other fields.
    public var maximumRequestBytes: Int { (maximumFileBytes + 2) / 3 * 4 + 256 * 1024 }
}

/// An upload as it arrives: the bytes already decoded, nothing checked yet.
public struct DocumentUpload: Sendable {
    public var type: DocumentType
    public var bytes: [UInt8]
    public var mrz: String?
    public var fields: [String: String]?

    public init(type: DocumentType, bytes: [UInt8], mrz: String? = nil, fields: [String: String]? = nil) {
        self.type = type
        self.bytes = bytes
        self.mrz = mrz
        self.fields = fields
    }
}

/// Takes documents in at the door (size, real type), seals them and stores them as new versions;
/// opens them again for download.
public struct DocumentService: Sendable {
    let repository: DocumentRepository
    let keys: DataKeyStore
    public let limits: DocumentUploadLimits

    public init(repository: DocumentRepository, keys: DataKeyStore, limits: DocumentUploadLimits) {
        self.repository = repository
        self.keys = keys
        self.limits = limits
    }

    /// Checks, seals and stores an upload as the applicant's new current version of its type.
    ///
    /// The upload is consumed: its plaintext is let go once sealed, so that while the version is
    /// written an upload holds its ciphertext only. (swift-crypto seals into arrays of its own,
    /// so sealing itself briefly holds the plaintext and two ciphertexts.)
    public func upload(tenant: TenantID, applicant: ApplicantID, _ upload: consuming DocumentUpload) async throws -> Document {
        guard !upload.bytes.isEmpty else { throw VouchError.emptyFile }
        guard upload.bytes.count <= limits.maximumFileBytes else {
            throw VouchError.fileTooLarge(limit: limits.maximumFileBytes)
        }
        guard let fileType = FileType.sniff(upload.bytes) else { throw VouchError.unsupportedFileType }
        if let mrz = upload.mrz, mrz.count > 300 {
            throw VouchError.invalidField(name: "mrz", reason: "must be at most 300 characters")
        }
        let id = DocumentID.generate()
        let (keyID, key) = try await keys.currentKey(for: tenant)
        let sizeBytes = upload.bytes.count
        let sha256 = Array(SHA256.hash(data: upload.bytes))
        let sealed = try Keyring.seal(upload.bytes, with: key, tenant: tenant, document: id)
        upload.bytes = []
        let version = NewDocumentVersion(
            id: id,
            applicantID: applicant,
            type: upload.type,
            contentType: fileType.contentType,
            sizeBytes: sizeBytes,
            sha256: sha256,
            dataKeyID: keyID,
            sealed: sealed,
            mrz: upload.mrz,
            fields: try upload.fields.map { try PostgresJSON(encoding: $0) }
        )
        return try await repository.insertVersion(tenant: tenant, version, maximumVersions: limits.maximumVersions)
    }

    /// A version and its decrypted bytes.
    public func file(tenant: TenantID, id: DocumentID) async throws -> (Document, [UInt8])? {
        guard let (document, keyID, sealed) = try await repository.sealedFile(tenant: tenant, id: id) else {
            return nil
        }
        let key = try await keys.key(id: keyID, for: tenant)
        return (document, try Keyring.open(sealed, with: key, tenant: tenant, document: id))
    }
}
