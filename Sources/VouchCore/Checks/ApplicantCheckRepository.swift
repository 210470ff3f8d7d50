import Base
import Foundation
import Postgres
import Verification

/// One run of an applicant-level check or decision.
public struct CheckRun: Sendable, Equatable {
    public var id: CheckID
    /// `screening`, `regulator` or `decision`.
    public var kind: String
    public var status: String
    public var result: JSONValue
    public var createdAt: Date
}

/// A current document with what its checks found.
public struct DocumentCheckSummary: Sendable, Equatable {
    public var document: Document
    public var checks: JSONValue
    public var signals: JSONValue
}

/// Everything checked about an applicant: each current document's checks, and every
/// applicant-level run, newest first.
public struct ApplicantChecksReport: Sendable, Equatable {
    public var applicantID: ApplicantID
    public var decision: String?
    public var decisionReasons: [String]
    public var documents: [DocumentCheckSummary]
    public var runs: [CheckRun]
}

/// A past decision, replayable against a draft rule set.
public struct RecordedDecision: Sendable {
    public var applicantID: ApplicantID
    public var verdict: String
    public var signals: JSONValue
    public var createdAt: Date
}

/// Reads check results for the API and the rule simulator.
public struct ApplicantCheckRepository: Sendable {
    let database: TenantDatabase

    public init(database: TenantDatabase) {
        self.database = database
    }

    public func report(tenant: TenantID, applicant: ApplicantID) async throws -> ApplicantChecksReport? {
        try await database.transaction(tenant) { tx -> ApplicantChecksReport? in
            let applicantRows = try tx.query(
                "SELECT decision, decision_reasons FROM applicants WHERE tenant_id = \(tenant.uuid) AND id = \(applicant.uuid)"
            )
            guard let first = applicantRows.first else { return nil }
            let (decision, reasons) = try first.decode(String?.self, PostgresTextArray.self)
            let documentRows = try tx.query(
                """
                SELECT \(unsafeSQL: DocumentRepository.qualifiedColumns), d.checks, d.signals
                FROM current_documents c JOIN documents d ON d.tenant_id = c.tenant_id AND d.id = c.document_id
                WHERE c.tenant_id = \(tenant.uuid) AND c.applicant_id = \(applicant.uuid)
                ORDER BY d.doc_type
                """
            )
            let documents = try documentRows.map { row in
                DocumentCheckSummary(
                    document: try DocumentRepository.decode(row, from: 0),
                    checks: try row.decode(column: 11, as: PostgresJSON.self).decode(JSONValue.self),
                    signals: try row.decode(column: 12, as: PostgresJSON?.self)?.decode(JSONValue.self) ?? .null
                )
            }
            let runRows = try tx.query(
                """
                SELECT id, kind, status, result, created_at FROM applicant_checks
                WHERE tenant_id = \(tenant.uuid) AND applicant_id = \(applicant.uuid)
                ORDER BY created_at DESC, id DESC LIMIT 100
                """
            )
            let runs = try runRows.map { row in
                let (id, kind, status, result, createdAt) = try row.decode(
                    UUID.self,
                    String.self,
                    String.self,
                    PostgresJSON.self,
                    Date.self
                )
                return CheckRun(
                    id: CheckID(uuid: id),
                    kind: kind,
                    status: status,
                    result: try result.decode(JSONValue.self),
                    createdAt: createdAt
                )
            }
            return ApplicantChecksReport(
                applicantID: applicant,
                decision: decision,
                decisionReasons: reasons.elements,
                documents: documents,
                runs: runs
            )
        }
    }

    /// The latest engine decision of each of the `limit` most recently decided applicants, newest
    /// first. The limit is applied in SQL: a tenant may have 90 days of decisions.
    public func recentDecisions(tenant: TenantID, limit: Int) async throws -> [RecordedDecision] {
        let rows = try await database.read(
            tenant,
            """
            SELECT applicant_id, status, signals, created_at FROM (
                SELECT DISTINCT ON (applicant_id) applicant_id, status, result -> 'signals' AS signals, created_at
                FROM applicant_checks
                WHERE tenant_id = \(tenant.uuid) AND kind = 'decision' AND result ? 'signals'
                    AND created_at > now() - interval '90 days'
                ORDER BY applicant_id, created_at DESC
            ) latest
            ORDER BY created_at DESC LIMIT \(limit)
            """
        )
        return try rows.map { row in
            let (applicant, verdict, signals, createdAt) = try row.decode(UUID.self, String.self, PostgresJSON.self, Date.self)
            return RecordedDecision(
                applicantID: ApplicantID(uuid: applicant),
                verdict: verdict,
                signals: try signals.decode(JSONValue.self),
                createdAt: createdAt
            )
        }
    }
}
