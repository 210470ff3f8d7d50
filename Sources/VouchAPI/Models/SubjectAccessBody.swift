import Base
import Crypto
import Foundation
import VouchCore

/// Everything Vouch holds about one person, in one document: the answer to a subject access
/// request. Each document version comes with its checks, what was read from it and its file.
struct SubjectAccessBody: Encodable {
    struct DocumentEntry: Encodable {
        var document: DocumentBody
        /// The file as uploaded; null once erased.
        var file: FileEntry?
        /// The zone and fields the merchant sent with the upload; null when it sent none (or
        /// once erased).
        var claims: DocumentClaims?
    }

    struct FileEntry: Encodable {
        var contentType: String
        var size: Int
        var sha256: String
        var base64: String

        enum CodingKeys: String, CodingKey {
            case contentType = "content_type"
            case size, sha256, base64
        }

        init(contentType: String, bytes: [UInt8]) {
            self.contentType = contentType
            self.size = bytes.count
            self.sha256 = Array(SHA256.hash(data: bytes)).lowercaseHex
            self.base64 = Data(bytes).base64EncodedString()
        }
    }

    var object = "subject_access_export"
    var livemode = Livemode()
    var exportedAt: Date
    var applicant: ApplicantBody
    var documents: [DocumentEntry]
    var checks: ApplicantChecksBody?
    var events: [EventBody]
    /// After an erasure only.
    var deletionCertificate: DeletionCertificateBody?

    enum CodingKeys: String, CodingKey {
        case object, livemode
        case exportedAt = "exported_at"
        case applicant, documents, checks, events
        case deletionCertificate = "deletion_certificate"
    }
}
