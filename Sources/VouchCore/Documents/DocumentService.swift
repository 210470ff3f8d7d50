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
        let (keyID, key) = try await keys.applicantKey(tenant: tenant, applicant: applicant)
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
            keyID: keyID,
            sealed: sealed,
            sealedClaims: try DocumentClaims.sealed(mrz: upload.mrz, fields: upload.fields, key: key, tenant: tenant, document: id)
        )
        return try await store(tenant: tenant, version)
    }

    /// Stores the version in one transaction: under the applicant's lock (uploads for one
    /// applicant take turns), the version becomes current, the applicant's verdict is cleared,
    /// its checks are queued and its events written.
    func store(tenant: TenantID, _ version: NewDocumentVersion, now: Date = Date()) async throws -> Document {
        let maximumVersions = limits.maximumVersions
        return try await repository.database.transaction(tenant) { tx in
            try ApplicantRepository.lockForUpload(tx, tenant: tenant, applicant: version.applicantID)
            let document = try DocumentRepository.insertVersion(tx, tenant: tenant, version, maximumVersions: maximumVersions, now: now)
            try ApplicantRepository.clearVerdict(tx, tenant: tenant, applicant: version.applicantID, now: now)
            try Self.announce(document, tenant: tenant, tx: tx, now: now)
            try AuditRepository.record(
                tx,
                tenant: tenant,
                action: "document.uploaded",
                object: AuditObject(document.id, type: "document"),
                details: DocumentRepository.auditDetails(document),
                now: now
            )
            return document
        }
    }

    /// Queues the new version's checks and writes its events, in the upload's transaction.
    static func announce(_ document: Document, tenant: TenantID, tx: PostgresTransaction, now: Date) throws {
        try JobRepository.enqueue(tx, tenant: tenant, task: .checkDocument(document.id), now: now)
        try DocumentEvents.submitted(tx, tenant: tenant, document: document, now: now)
        let required = try RuleSetRepository.current(tx, tenant: tenant).rules.requiredDocuments
        let present = try DocumentRepository.currentStatuses(tx, tenant: tenant, applicant: document.applicantID)
        // Submitted once: when this upload completes the set and no rejected document remains.
        let complete = required.allSatisfy { type in present[type].map { $0 != .rejected } ?? false }
        if required.contains(document.type.rawValue) && complete {
            try ApplicantEvents.append(
                tx,
                tenant: tenant,
                applicant: document.applicantID,
                type: .applicantSubmitted,
                status: ApplicantStatus.processing.rawValue,
                now: now
            )
        }
    }

    /// One version with its checks and what they read from it (opened; nil when nothing was read).
    public func detail(
        tenant: TenantID,
        id: DocumentID
    ) async throws -> (document: Document, checks: [CheckResult], extraction: DocumentExtraction?)? {
        guard let row = try await repository.detail(tenant: tenant, id: id) else { return nil }
        guard let sealed = row.sealedExtraction else { return (row.document, row.checks, nil) }
        let key = try await keys.key(id: row.keyID, for: tenant)
        let json = try Keyring.openExtraction(sealed, with: key, tenant: tenant, document: id)
        return (row.document, row.checks, try JSONDecoder().decode(DocumentExtraction.self, from: Data(json)))
    }

    /// What the merchant claimed with a version (its zone and fields), opened; nil when there is
    /// no such version. Empty once erased.
    public func claims(tenant: TenantID, id: DocumentID) async throws -> DocumentClaims? {
        guard let stored = try await repository.claims(tenant: tenant, id: id) else { return nil }
        guard let sealed = stored.sealed else { return stored.plaintext }
        let key = try await keys.key(id: stored.keyID, for: tenant)
        return try DocumentClaims.open(sealed, key: key, tenant: tenant, document: id)
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
