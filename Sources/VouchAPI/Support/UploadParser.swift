import Foundation
import HTTPTypes
import Hummingbird
import MultipartKit
import NIOCore
import VouchCore

/// Reads a document upload from either body form, enforcing the size limit while the body
/// streams in (a body over the limit is refused before it is all buffered).
struct UploadParser {
    let limits: DocumentUploadLimits

    func parse(_ request: Request) async throws -> DocumentUpload {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limits.maximumRequestBytes {
            throw APIError.fileTooLarge(limit: limits.maximumFileBytes)
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: limits.maximumRequestBytes)
        } catch is NIOTooManyBytesError {
            throw APIError.fileTooLarge(limit: limits.maximumFileBytes)
        }
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        if contentType.hasPrefix("multipart/form-data") {
            return try parseMultipart(body, contentType: request.headers[.contentType] ?? "")
        }
        return try parseJSON(body)
    }

    func parseJSON(_ body: ByteBuffer) throws -> DocumentUpload {
        let upload = try JSONCoding.decode(DocumentUploadRequest.self, from: body)
        let type = try Self.documentType(upload.docType)
        // Reject an oversized file from its encoded length, before decoding it.
        guard upload.docBody.utf8.count / 4 * 3 <= limits.maximumFileBytes + 2 else {
            throw APIError.fileTooLarge(limit: limits.maximumFileBytes)
        }
        guard let bytes = Data(base64Encoded: upload.docBody) else {
            throw APIError(
                .badRequest,
                code: "invalid_base64",
                title: "Invalid base64",
                detail: "`doc_body` must be standard base64 (RFC 4648) with padding and nothing else.",
                field: "doc_body"
            )
        }
        return DocumentUpload(type: type, bytes: Array(bytes), mrz: upload.mrz, fields: upload.fields)
    }

    private struct MultipartUpload: Decodable {
        var doc_type: String
        var file: Data
        var mrz: String?
        /// A proof of address's issue date (YYYY-MM-DD), the one upload field multipart carries.
        var issue_date: String?
    }

    func parseMultipart(_ body: ByteBuffer, contentType: String) throws -> DocumentUpload {
        guard let boundary = Self.boundary(in: contentType) else {
            throw APIError(
                .badRequest,
                code: "malformed_multipart",
                title: "Malformed multipart body",
                detail: "The multipart/form-data Content-Type has no boundary."
            )
        }
        let upload: MultipartUpload
        do {
            upload = try FormDataDecoder().decode(MultipartUpload.self, from: body, boundary: boundary)
        } catch {
            throw APIError(
                .badRequest,
                code: "malformed_multipart",
                title: "Malformed multipart body",
                detail: "The body must be multipart/form-data with a `doc_type` part and a `file` part."
            )
        }
        return DocumentUpload(
            type: try Self.documentType(upload.doc_type),
            bytes: Array(upload.file),
            mrz: upload.mrz,
            fields: upload.issue_date.map { ["issue_date": $0] }
        )
    }

    static func documentType(_ value: String) throws -> DocumentType {
        guard let type = DocumentType(rawValue: value) else {
            throw APIError(
                .unprocessableContent,
                code: "invalid_doc_type",
                title: "Invalid document type",
                detail: "`doc_type` must be one of ID_FRONT, ID_BACK, PROOF_OF_ADDRESS, SELFIE.",
                field: "doc_type"
            )
        }
        return type
    }

    static func boundary(in contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return value.isEmpty ? nil : value
            }
        }
        return nil
    }
}
