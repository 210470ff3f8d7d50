import Base
import Foundation
import Verification
import VouchCore

/// A document version as the API shows it (never its bytes).
struct DocumentBody: Encodable {
    var id: String
    var object = "document"
    var livemode = Livemode()
    var applicantID: String
    var docType: String
    var version: Int
    var status: String
    var rejectionReasons: [String]
    var contentType: String
    var sizeBytes: Int
    var sha256: String
    /// Filled in for one version (`GET /v1/documents/{id}`); lists leave it empty.
    var checks: [CheckResult] = []
    /// What the checks read from the document's zone; only for one version, when something was read.
    var extraction: DocumentExtraction?
    /// True when every rejection reason asks the end user for another photo.
    var retake: Bool
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, object, livemode
        case applicantID = "applicant_id"
        case docType = "doc_type"
        case version, status
        case rejectionReasons = "rejection_reasons"
        case contentType = "content_type"
        case sizeBytes = "size_bytes"
        case sha256, checks, extraction, retake
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    init(_ document: Document, checks: [CheckResult] = [], extraction: DocumentExtraction? = nil) {
        self.checks = checks
        self.extraction = extraction
        retake = document.asksForRetake
        id = document.id.description
        applicantID = document.applicantID.description
        docType = document.type.rawValue
        version = document.version
        status = document.status.rawValue
        rejectionReasons = document.rejectionReasons
        contentType = document.contentType
        sizeBytes = document.sizeBytes
        sha256 = UUIDText.hex(document.sha256)
        createdAt = document.createdAt
        updatedAt = document.updatedAt
    }
}

/// The JSON form of an upload: `{doc_type, doc_body (base64), mrz?, fields?}`, all but the file.
/// `doc_body` is only required here: its megabytes are decoded in place by `UploadParser`,
/// never turned into a `String`.
struct DocumentUploadRequest: Decodable {
    var docType: String
    var mrz: String?
    var fields: [String: String]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case docType = "doc_type"
        case docBody = "doc_body"
        case mrz, fields
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        docType = try container.decode(String.self, forKey: .docType)
        guard container.contains(.docBody) else {
            throw DecodingError.keyNotFound(CodingKeys.docBody, .init(codingPath: [], debugDescription: "doc_body is required"))
        }
        mrz = try container.decodeIfPresent(String.self, forKey: .mrz)
        fields = try container.decodeIfPresent([String: String].self, forKey: .fields)
    }
}
