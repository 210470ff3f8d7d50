import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import VouchCore

/// Document uploads, versions, history and downloads.
struct DocumentsController {
    let documents: DocumentService
    let repository: DocumentRepository

    /// `uploads` is the group whose requests hold an upload permit before their body is read.
    func addRoutes(to group: RouterGroup<TenantContext>, uploads: RouterGroup<TenantContext>, registry: RouteRegistry) {
        uploads.on(.post, "/v1/applicants/{id}/documents", requiring: [.applicantsWrite], in: registry, use: upload)
        group.on(.get, "/v1/applicants/{id}/documents", requiring: [.applicantsRead], in: registry, use: current)
        group.on(.get, "/v1/applicants/{id}/documents/{doc_type}/history", requiring: [.applicantsRead], in: registry, use: history)
        group.on(.get, "/v1/documents/{id}", requiring: [.applicantsRead], in: registry, use: get)
        group.on(.get, "/v1/documents/{id}/file", requiring: [.documentsReadFile], in: registry, use: file)
    }

    @Sendable func upload(_ request: Request, context: TenantContext) async throws -> Response {
        let document = try await documents.receive(request, tenant: context.tenant, applicant: try context.applicantID())
        return try JSONCoding.response(DocumentBody(document), status: .accepted)
    }

    @Sendable func current(_ request: Request, context: TenantContext) async throws -> Response {
        guard let found = try await repository.current(tenant: context.tenant, applicant: try context.applicantID()) else {
            throw APIError.notFound("applicant")
        }
        return try JSONCoding.response(ListBody(data: found.map { DocumentBody($0) }, hasMore: false))
    }

    @Sendable func history(_ request: Request, context: TenantContext) async throws -> Response {
        let applicant = try context.applicantID()
        let type = try UploadParser.documentType(context.parameters.get("doc_type") ?? "")
        guard let versions = try await repository.history(tenant: context.tenant, applicant: applicant, type: type) else {
            throw APIError.notFound("applicant")
        }
        return try JSONCoding.response(ListBody(data: versions.map { DocumentBody($0) }, hasMore: false))
    }

    @Sendable func get(_ request: Request, context: TenantContext) async throws -> Response {
        guard let detail = try await documents.detail(tenant: context.tenant, id: try context.documentID()) else {
            throw APIError.notFound("document")
        }
        return try JSONCoding.response(DocumentBody(detail.document, checks: detail.checks, extraction: detail.extraction))
    }

    @Sendable func file(_ request: Request, context: TenantContext) async throws -> Response {
        guard let (document, bytes) = try await documents.file(tenant: context.tenant, id: try context.documentID()) else {
            throw APIError.notFound("document")
        }
        let headers: HTTPFields = [
            .contentType: document.contentType,
            .contentDisposition: "attachment; filename=\"\(document.id).\(Self.fileExtension(document.contentType))\"",
            .cacheControl: "no-store",
        ]
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func fileExtension(_ contentType: String) -> String {
        switch contentType {
        case "image/jpeg": return "jpg"
        case "image/png": return "png"
        case "application/pdf": return "pdf"
        case "image/webp": return "webp"
        default: return "heic"
        }
    }
}
