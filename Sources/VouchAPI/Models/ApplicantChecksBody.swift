import Base
import Foundation
import Verification
import VouchCore

/// `GET /v1/applicants/{id}/checks`: every document check, every applicant-level check and the
/// decision. Check results and signals are the providers' and the engine's own JSON.
struct ApplicantChecksBody: Encodable {
    /// A document version's verdict with its checks and signals.
    struct DocumentChecks: Encodable {
        var documentID: String
        var docType: String
        var version: Int
        var docStatus: String
        var rejectionReasons: [String]
        var checks: JSONValue
        var signals: JSONValue

        enum CodingKeys: String, CodingKey {
            case documentID = "document_id"
            case docType = "doc_type"
            case version
            case docStatus = "doc_status"
            case rejectionReasons = "rejection_reasons"
            case checks, signals
        }

        init(_ summary: DocumentCheckSummary) {
            documentID = summary.document.id.description
            docType = summary.document.type.rawValue
            version = summary.document.version
            docStatus = summary.document.status.rawValue
            rejectionReasons = summary.document.rejectionReasons
            checks = summary.checks
            signals = summary.signals
        }
    }

    /// One run of an applicant-level check (screening, regulator, decision).
    struct Run: Encodable {
        var id: String
        var kind: String
        var status: String
        var result: JSONValue
        var createdAt: Date

        enum CodingKeys: String, CodingKey {
            case id, kind, status, result
            case createdAt = "created_at"
        }

        init(_ run: CheckRun) {
            id = run.id.description
            kind = run.kind
            status = run.status
            result = run.result
            createdAt = run.createdAt
        }
    }

    var object = "applicant_checks"
    var livemode = Livemode()
    var applicantID: String
    @Nullable var decision: String?
    var decisionReasons: [String]
    var documents: [DocumentChecks]
    /// The latest run of each kind, null until there is one.
    @Nullable var screening: Run?
    @Nullable var regulator: Run?
    /// The selfie against the document's portrait: boxes, distance, threshold, duplicate.
    @Nullable var face: Run?
    @Nullable var decisionResult: Run?
    /// Every run, newest first.
    var history: [Run]

    enum CodingKeys: String, CodingKey {
        case object, livemode
        case applicantID = "applicant_id"
        case decision
        case decisionReasons = "decision_reasons"
        case documents, screening, regulator, face
        case decisionResult = "decision_result"
        case history
    }

    init(_ report: ApplicantChecksReport) {
        func latest(_ kind: String) -> Run? { report.runs.first { $0.kind == kind }.map(Run.init) }
        applicantID = report.applicantID.description
        decision = report.decision
        decisionReasons = report.decisionReasons
        documents = report.documents.map(DocumentChecks.init)
        screening = latest("screening")
        regulator = latest("regulator")
        face = latest("face")
        decisionResult = latest("decision")
        history = report.runs.map(Run.init)
    }
}
