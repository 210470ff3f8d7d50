import Foundation

/// What a job does, as stored in its `kind` column.
public enum JobKind: String, Sendable, CaseIterable {
    /// Run the document checks on one document version.
    case checkDocument = "check_document"
    /// Run the applicant-level checks and the decision engine.
    case decideApplicant = "decide_applicant"
    /// Screen an applicant again, on request.
    case screenApplicant = "screen_applicant"
    /// Work a monitoring run: screen a tenant's verified applicants against what a list changed,
    /// or against every list.
    case monitorApplicants = "monitor_applicants"
    /// Answer a test-mode applicant's pending regulator check, as the regulator's callback would.
    case answerTestRegulator = "answer_test_regulator"
}

/// What a job does and to what: its kind with its subject's typed id.
public enum JobTask: Sendable, Hashable {
    /// Run the document checks on this document version.
    case checkDocument(DocumentID)
    /// Run the applicant-level checks and the decision engine for this applicant.
    case decideApplicant(ApplicantID)
    /// Screen this applicant again.
    case screenApplicant(ApplicantID)
    /// Work this monitoring run.
    case monitorApplicants(MonitoringRunID)
    /// Answer this test-mode applicant's pending regulator check.
    case answerTestRegulator(ApplicantID)

    /// The task a stored row describes; nil for a kind this build does not know.
    init?(kind: String, subject: UUID) {
        switch JobKind(rawValue: kind) {
        case .checkDocument: self = .checkDocument(DocumentID(uuid: subject))
        case .decideApplicant: self = .decideApplicant(ApplicantID(uuid: subject))
        case .screenApplicant: self = .screenApplicant(ApplicantID(uuid: subject))
        case .monitorApplicants: self = .monitorApplicants(MonitoringRunID(uuid: subject))
        case .answerTestRegulator: self = .answerTestRegulator(ApplicantID(uuid: subject))
        case nil: return nil
        }
    }

    public var kind: JobKind {
        switch self {
        case .checkDocument: .checkDocument
        case .decideApplicant: .decideApplicant
        case .screenApplicant: .screenApplicant
        case .monitorApplicants: .monitorApplicants
        case .answerTestRegulator: .answerTestRegulator
        }
    }

    /// The subject's id as stored in `subject_id`.
    var subject: UUID {
        switch self {
        case .checkDocument(let document): document.uuid
        case .decideApplicant(let applicant), .screenApplicant(let applicant), .answerTestRegulator(let applicant): applicant.uuid
        case .monitorApplicants(let run): run.uuid
        }
    }
}

/// A job a worker holds under lease.
public struct ClaimedJob: Sendable, Hashable {
    public var tenant: TenantID
    public var id: UUID
    public var task: JobTask
    /// 1 on the first try.
    public var attempt: Int
    public var maxAttempts: Int
    public var worker: String

    public var kind: JobKind { task.kind }
}

extension ClaimedJob {
    /// The subject's id as stored, for the steps that bind it in their SQL.
    var subject: UUID { task.subject }
}

/// Where a job is, as stored in its `state` column (a finished job is deleted).
public enum JobState: String, Sendable, CaseIterable {
    /// Waiting for its `run_at`, or for a worker.
    case queued
    /// Held by a worker under lease.
    case running
    /// Failed its last try: kept for an operator, never run again.
    case dead
}

/// The job's lease passed to another worker: its work must not be written.
public struct JobLeaseLost: Error, Sendable {}

/// A step found its applicant erased when it came to write: the job is done, with nothing kept.
public struct ApplicantErased: Error, Sendable {}
