import Foundation
import Hummingbird
import VouchCore

/// `GET /v1/applicants/{id}/export`: everything held about the applicant, for a subject access
/// request: profile, every document version with its checks, extraction, claims and file, the checks and
/// decisions, the events, and after an erasure the deletion certificate. The export is audited.
struct SubjectAccessController {
    let applicants: ApplicantRepository
    let documents: DocumentService
    let repository: DocumentRepository
    let checks: ApplicantCheckRepository
    let webhooks: WebhookRepository

    func addRoutes(to group: RouterGroup<TenantContext>, registry: RouteRegistry) {
        group.on(
            .get,
            "/v1/applicants/{id}/export",
            requiring: [.applicantsRead, .documentsReadFile],
            in: registry,
            use: export
        )
    }

    @Sendable func export(_ request: Request, context: TenantContext) async throws -> Response {
        let tenant = context.tenant
        let id = try context.applicantID()
        guard let applicant = try await applicants.get(tenant: tenant, id: id) else { throw APIError.notFound("applicant") }
        try await applicants.recordExport(tenant: tenant, id: id)
        let certificate = try await applicants.deletionCertificate(tenant: tenant, applicant: id)
        let body = SubjectAccessBody(
            exportedAt: Date(),
            applicant: ApplicantBody(applicant),
            documents: try await documentEntries(tenant: tenant, applicant: id),
            checks: try await checks.report(tenant: tenant, applicant: id).map(ApplicantChecksBody.init),
            events: try await events(tenant: tenant, applicant: id),
            deletionCertificate: try certificate.map { try DeletionCertificateBody(jws: $0) }
        )
        var response = try JSONCoding.response(body)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// Every version of every document type, oldest first, each with its file while it exists.
    func documentEntries(tenant: TenantID, applicant: ApplicantID) async throws -> [SubjectAccessBody.DocumentEntry] {
        var entries: [SubjectAccessBody.DocumentEntry] = []
        for type in DocumentType.allCases {
            for version in try await repository.history(tenant: tenant, applicant: applicant, type: type) ?? [] {
                guard let detail = try await documents.detail(tenant: tenant, id: version.id) else { continue }
                let file = try await erasedAsNil { try await documents.file(tenant: tenant, id: version.id) }
                let claims = try await erasedAsNil { try await documents.claims(tenant: tenant, id: version.id) }
                entries.append(
                    .init(
                        document: DocumentBody(detail.document, checks: detail.checks, extraction: detail.extraction),
                        file: file.map { .init(contentType: $0.0.contentType, bytes: $0.1) },
                        claims: claims.flatMap { $0.isEmpty ? nil : $0 }
                    )
                )
            }
        }
        return entries
    }

    /// A file whose bytes were destroyed with its applicant is no longer held: nothing to export.
    func erasedAsNil<T>(_ read: () async throws -> T?) async throws -> T? {
        do {
            return try await read()
        } catch VouchError.applicantErased {
            return nil
        }
    }

    /// The applicant's whole event log, in sequence order.
    func events(tenant: TenantID, applicant: ApplicantID) async throws -> [EventBody] {
        var all: [EventBody] = []
        var cursor = WebhookRepository.ApplicantEventsCursor.afterSequence(0)
        while true {
            let (page, hasMore) = try await webhooks.events(tenant: tenant, applicant: applicant, from: cursor, limit: 100)
            all += page.map(EventBody.init)
            guard hasMore, let last = page.last else { return all }
            cursor = .afterEvent(last.id)
        }
    }
}
