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

    /// The other fields through the JSON decoder; `doc_body` decoded from the body's bytes
    /// into one array, so an upload holds its body and its file, nothing more.
    func parseJSON(_ body: ByteBuffer) throws -> DocumentUpload {
        let upload = try JSONCoding.decode(DocumentUploadRequest.self, from: body)
        let type = try Self.documentType(upload.docType)
        let bytes = try body.withUnsafeReadableBytes { raw in try decodeDocBody(raw) }
        return DocumentUpload(type: type, bytes: bytes, mrz: upload.mrz, fields: upload.fields)
    }

    private func decodeDocBody(_ raw: UnsafeRawBufferPointer) throws -> [UInt8] {
        switch JSONMemberLocator.locate("doc_body", in: raw) {
        case .missing:
            throw APIError.missingField("doc_body")
        case .notAString:
            throw APIError.invalidField("doc_body", "has the wrong type")
        case .duplicate:
            throw APIError.invalidField("doc_body", "appears more than once")
        case .string(let range, let escaped):
            // Reject an oversized file from its encoded length, before decoding it.
            guard range.count / 4 * 3 <= limits.maximumFileBytes + 2 else {
                throw APIError.fileTooLarge(limit: limits.maximumFileBytes)
            }
            do {
                guard escaped else { return try Base64Decoding.decode(UnsafeRawBufferPointer(rebasing: raw[range])) }
                // Some encoders write every `/` as `\/`: undone in a copy, for those only.
                guard let plain = JSONMemberLocator.unescape(raw[range]) else { throw Self.invalidBase64 }
                return try plain.withUnsafeBytes { try Base64Decoding.decode($0) }
            } catch is Base64Decoding.Invalid {
                throw Self.invalidBase64
            }
        }
    }

    static let invalidBase64 = APIError(
        .invalidBase64,
        detail: "`doc_body` must be standard base64 (RFC 4648) with padding and nothing else.",
        field: "doc_body"
    )

    /// The parts, read by the streaming parser straight from the body: each part's bytes are
    /// copied once, the file's into an array sized for it up front.
    func parseMultipart(_ body: ByteBuffer, contentType: String) throws -> DocumentUpload {
        let malformed = APIError(
            .malformedMultipart,
            detail: "The body must be multipart/form-data with a `doc_type` part and a `file` part."
        )
        guard let boundary = Self.boundary(in: contentType) else {
            throw APIError(
                .malformedMultipart,
                detail: "The multipart/form-data Content-Type has no boundary."
            )
        }
        let parser = MultipartParser(boundary: boundary)
        var name = ""
        var reserved = false
        var current: [UInt8] = []
        var parts: [String: [UInt8]] = [:]
        let fileCapacity = min(body.readableBytes, limits.maximumFileBytes + 1)
        parser.onHeader = { field, value in
            if field.lowercased() == "content-disposition" { name = Self.formDataName(value) ?? "" }
        }
        parser.onBody = { chunk in
            if name == "file" && !reserved {
                // Sized once: appending would grow it by doubling, up to twice the file.
                current.reserveCapacity(fileCapacity)
                reserved = true
            }
            current.append(contentsOf: chunk.readableBytesView)
        }
        parser.onPartComplete = {
            if parts[name] == nil { parts[name] = current }
            name = ""
            reserved = false
            current = []
        }
        do {
            try parser.execute(body)
        } catch {
            throw malformed
        }
        guard let docType = parts["doc_type"], let file = parts.removeValue(forKey: "file") else { throw malformed }
        return DocumentUpload(
            type: try Self.documentType(String(decoding: docType, as: UTF8.self)),
            bytes: file,
            mrz: parts["mrz"].map { String(decoding: $0, as: UTF8.self) },
            fields: parts["issue_date"].map { ["issue_date": String(decoding: $0, as: UTF8.self)] }
        )
    }

    static func documentType(_ value: String) throws -> DocumentType {
        guard let type = DocumentType(rawValue: value) else {
            throw APIError(
                .invalidDocType,
                detail: "`doc_type` must be one of ID_FRONT, ID_BACK, PROOF_OF_ADDRESS, SELFIE.",
                field: "doc_type"
            )
        }
        return type
    }

    /// The `name` parameter of a part's `Content-Disposition: form-data; name="…"`.
    static func formDataName(_ disposition: String) -> String? {
        parameter("name", in: disposition)
    }

    static func boundary(in contentType: String) -> String? {
        parameter("boundary", in: contentType)
    }

    /// A header's `key=value` parameter, quotes removed; nil when absent or empty.
    static func parameter(_ key: String, in header: String) -> String? {
        for parameter in header.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == key {
                let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return value.isEmpty ? nil : value
            }
        }
        return nil
    }
}

extension DocumentService {
    /// Reads, checks, seals and stores an upload from either body form. Decoding and sealing
    /// megabytes is the heaviest work a request asks for, so it runs on the background executor:
    /// a tenant sending uploads as fast as it can does not hold up everyone's reads.
    func receive(_ request: Request, tenant: TenantID, applicant: ApplicantID) async throws -> Document {
        try await withTaskExecutorPreference(BackgroundExecutor.shared) {
            // The parsed upload goes straight in, so the service can let its plaintext go.
            try await upload(tenant: tenant, applicant: applicant, try await UploadParser(limits: limits).parse(request))
        }
    }
}
