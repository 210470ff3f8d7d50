import Base
import Foundation
import Postgres
import Verification

/// Runs the document checks for one `check_document` job.
///
/// Two transactions around the pure checks: the first marks the document PROCESSING and reads
/// what the checks need; the second, holding the document's row lock, looks for duplicates and
/// writes the verdict, its event, the follow-up job and the job's completion together. A document
/// no longer being processed (decided by an earlier try) is left alone.
struct DocumentCheckStep: Sendable {
    let database: TenantDatabase
    let keys: DataKeyStore
    let keyring: Keyring

    struct Loaded: Sendable {
        var applicant: UUID
        var type: String
        var mrz: String?
        var fields: [String: String]
        var dataKeyID: UUID
        var sha256: [UInt8]
        var sealed: [UInt8]
        var profile: ProfileFacts
        var rules: RuleSet
    }

    func run(_ job: ClaimedJob, now: Date = Date()) async throws {
        guard let loaded = try await load(job, now: now) else { return }
        try await check(loaded, job: job, now: now)
    }

    /// Checks what `load` read and records the outcome; nothing is written when the applicant
    /// was erased meanwhile.
    func check(_ loaded: Loaded, job: ClaimedJob, now: Date) async throws {
        let tenant = job.tenant
        let key = try await keys.key(id: loaded.dataKeyID, for: tenant)
        let bytes = try Keyring.open(loaded.sealed, with: key, tenant: tenant, document: DocumentID(uuid: job.subject))
        let input = DocumentCheckInput(
            type: loaded.type,
            bytes: bytes,
            mrz: loaded.mrz,
            fields: loaded.fields,
            profile: loaded.profile,
            today: CivilDate(unixSeconds: now.timeIntervalSince1970)
        )
        let report = DocumentChecker.check(input, rules: loaded.rules)
        let numberHash = report.documentNumber.map { keyring.documentNumberHash($0, tenant: tenant) }
        try await database.transaction(tenant) { tx in
            try record(report, numberHash: numberHash, loaded: loaded, job: job, tx: tx, now: now)
        }
    }

    /// Marks the document PROCESSING and reads it; nil (job completed) when there is nothing to do.
    func load(_ job: ClaimedJob, now: Date) async throws -> Loaded? {
        try await database.transaction(job.tenant) { tx -> Loaded? in
            let rows = try tx.query(
                """
                SELECT d.applicant_id, d.doc_type, d.status, d.mrz, d.fields, d.data_key_id, d.sha256, f.sealed,
                    a.first_name, a.last_name, a.date_of_birth, a.nationality, a.country_of_residence
                FROM documents d
                JOIN document_files f ON f.tenant_id = d.tenant_id AND f.document_id = d.id
                JOIN applicants a ON a.tenant_id = d.tenant_id AND a.id = d.applicant_id
                WHERE d.tenant_id = \(job.tenant.uuid) AND d.id = \(job.subject) AND a.erased_at IS NULL
                FOR UPDATE OF d
                """
            )
            guard let row = rows.first, try ["SUBMITTED", "PROCESSING"].contains(row.decode(column: 2, as: String.self)) else {
                try JobRepository.complete(tx, job)
                return nil
            }
            try tx.query(
                """
                UPDATE documents SET status = 'PROCESSING', updated_at = \(now)
                WHERE tenant_id = \(job.tenant.uuid) AND id = \(job.subject) AND status = 'SUBMITTED'
                """
            )
            let fields = try row.decode(column: 4, as: PostgresJSON?.self)
            let birth = try row.decode(column: 10, as: CivilDate?.self)
            return Loaded(
                applicant: try row.decode(column: 0),
                type: try row.decode(column: 1),
                mrz: try row.decode(column: 3),
                fields: try fields?.decode([String: String].self) ?? [:],
                dataKeyID: try row.decode(column: 5),
                sha256: try row.decode(column: 6),
                sealed: try row.decode(column: 7),
                profile: ProfileFacts(
                    firstName: try row.decode(column: 8),
                    lastName: try row.decode(column: 9),
                    dateOfBirth: birth,
                    nationality: try row.decode(column: 11),
                    residence: try row.decode(column: 12)
                ),
                rules: try RuleSetRepository.current(tx, tenant: job.tenant).rules
            )
        }
    }

    func record(
        _ report: DocumentCheckReport,
        numberHash: [UInt8]?,
        loaded: Loaded,
        job: ClaimedJob,
        tx: PostgresTransaction,
        now: Date
    ) throws {
        let tenant = job.tenant
        // The applicant's lock serialises the completions of its documents: whichever finishes
        // last sees the others' verdicts and queues the decision (without it, two documents
        // finishing together could each see the other still processing, and nobody would).
        // An applicant erased while the check ran gets nothing written back.
        guard try ApplicantRepository.lockUnerased(tx, tenant: tenant, applicant: loaded.applicant) else {
            return try JobRepository.complete(tx, job)
        }
        let still = try tx.query(
            """
            SELECT 1 FROM documents WHERE tenant_id = \(tenant.uuid) AND id = \(job.subject) AND status = 'PROCESSING'
            FOR UPDATE
            """
        )
        guard !still.isEmpty else { return try JobRepository.complete(tx, job) }
        let duplicates = try tx.query(
            """
            SELECT
                EXISTS (SELECT 1 FROM documents WHERE tenant_id = \(tenant.uuid) AND sha256 = \(loaded.sha256)
                    AND applicant_id <> \(loaded.applicant)),
                EXISTS (SELECT 1 FROM documents WHERE tenant_id = \(tenant.uuid) AND document_number_hash = \(numberHash)
                    AND applicant_id <> \(loaded.applicant))
            """
        )
        let (duplicateFile, duplicateNumber) = try duplicates[0].decode(Bool.self, Bool.self)
        let verdict = DocumentChecker.verdict(
            report,
            duplicateFile: duplicateFile,
            duplicateDocumentNumber: duplicateNumber,
            rules: loaded.rules
        )
        let rejection = verdict.status == "REJECTED" ? verdict.reasons : []
        try tx.query(
            """
            UPDATE documents SET status = \(verdict.status), rejection_reasons = \(PostgresTextArray(rejection)),
                checks = \(try PostgresJSON(encoding: verdict.checks)), signals = \(try PostgresJSON(encoding: verdict.signals)),
                document_number_hash = \(numberHash), updated_at = \(now)
            WHERE tenant_id = \(tenant.uuid) AND id = \(job.subject)
            """
        )
        try PipelineEvents.document(
            tx,
            tenant: tenant,
            document: job.subject,
            applicant: loaded.applicant,
            type: loaded.type,
            status: verdict.status,
            reasons: verdict.reasons,
            now: now
        )
        try UsageLog.record(
            tx,
            tenant: tenant,
            kind: .documentChecked,
            applicant: loaded.applicant,
            outcome: verdict.status.lowercased(),
            key: "document:\(job.subject.uuidString.lowercased())",
            now: now
        )
        if verdict.status != "REJECTED" {
            try ApplicantProgress.enqueueDecisionIfReady(tx, tenant: tenant, applicant: loaded.applicant, rules: loaded.rules, now: now)
        }
        try JobRepository.complete(tx, job)
    }
}
