import Base
import Foundation
import Hummingbird
import VouchCore

/// `GET /v1/applicants/{id}/checks`: every document check, every applicant-level check and
/// decision, with the rule trace.
struct ChecksController {
    let checks: ApplicantCheckRepository

    func addRoutes(to group: RouterGroup<TenantContext>, registry: RouteRegistry) {
        group.on(.get, "/v1/applicants/{id}/checks", requiring: [.applicantsRead], in: registry, use: get)
    }

    @Sendable func get(_ request: Request, context: TenantContext) async throws -> Response {
        guard let report = try await checks.report(tenant: context.tenant, applicant: try context.applicantID()) else {
            throw APIError.notFound("applicant")
        }
        return try JSONCoding.response(Self.json(report))
    }

    static func json(_ report: ApplicantChecksReport) -> JSONValue {
        func latest(_ kind: String) -> JSONValue {
            report.runs.first { $0.kind == kind }.map(run) ?? .null
        }
        return .object([
            "object": "applicant_checks",
            "applicant_id": .string(report.applicantID.description),
            "decision": report.decision.map(JSONValue.string) ?? .null,
            "decision_reasons": .array(report.decisionReasons.map(JSONValue.string)),
            "documents": .array(
                report.documents.map { summary in
                    .object([
                        "document_id": .string(summary.document.id.description),
                        "doc_type": .string(summary.document.type.rawValue),
                        "version": .number(Double(summary.document.version)),
                        "doc_status": .string(summary.document.status.rawValue),
                        "rejection_reasons": .array(summary.document.rejectionReasons.map(JSONValue.string)),
                        "checks": summary.checks,
                        "signals": summary.signals,
                    ])
                }
            ),
            "screening": latest("screening"),
            "regulator": latest("regulator"),
            "decision_result": latest("decision"),
            "history": .array(report.runs.map(run)),
        ])
    }

    static func run(_ run: CheckRun) -> JSONValue {
        .object([
            "id": .string(run.id.description),
            "kind": .string(run.kind),
            "status": .string(run.status),
            "result": run.result,
            "created_at": .string(run.createdAt.rfc3339),
        ])
    }
}
