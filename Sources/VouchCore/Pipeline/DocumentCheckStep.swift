import Base
import Crypto
import Foundation
import Postgres
import Verification

/// Runs the document checks for one `check_document` job.
///
/// Two transactions around the pure checks: the first marks the document PROCESSING and reads
/// what the checks need; the second, holding the document's row lock, looks for duplicates and
/// writes the verdict, its event, the follow-up job and the job's completion together. A document
/// no longer being processed (decided by an earlier try) is left alone. Every read and write is
/// a repository's; the step composes them around `DocumentChecker`.
struct DocumentCheckStep: Sendable {
    let database: TenantDatabase
    let keys: DataKeyStore
    let keyring: Keyring

    struct Loaded: Sendable {
        var document: DocumentID
        var stored: DocumentToCheck
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
        let stored = loaded.stored
        let key: SymmetricKey
        do {
            key = try await keys.key(id: stored.dataKeyID, for: tenant)
        } catch VouchError.applicantErased {
            // Erased since `load`: its key is destroyed, and there is nothing to check.
            try await database.transaction(tenant) { tx in try JobRepository.complete(tx, job) }
            return
        }
        let bytes = try Keyring.open(stored.sealed, with: key, tenant: tenant, document: loaded.document)
        let claims = try stored.claims(key: key, tenant: tenant, document: loaded.document)
        let today = CivilDate(unixSeconds: now.timeIntervalSince1970)
        let pixels = PhotoMeasurement.measure(bytes, documentType: stored.type, today: today)
        let input = DocumentCheckInput(
            type: stored.type,
            bytes: bytes,
            mrz: claims.mrz,
            fields: claims.fields ?? [:],
            profile: loaded.profile,
            today: today,
            photo: pixels.photo,
            zone: pixels.zone
        )
        let report = DocumentChecker.check(input, rules: loaded.rules)
        let index = try await keys.blindIndex(for: tenant)
        let numberHash = report.documentNumber.map(index.documentNumber)
        let sealedExtraction = try report.extraction.map { extraction in
            try Keyring.sealExtraction(Array(JSONEncoder().encode(extraction)), with: key, tenant: tenant, document: loaded.document)
        }
        try await database.transaction(tenant) { tx in
            try record(report, numberHash: numberHash, sealedExtraction: sealedExtraction, loaded: loaded, job: job, tx: tx, now: now)
        }
    }

    /// Marks the document PROCESSING and reads it; nil (job completed) when there is nothing to
    /// do: the document is gone or already decided, or its applicant erased.
    func load(_ job: ClaimedJob, now: Date) async throws -> Loaded? {
        let tenant = job.tenant
        let document = DocumentID(uuid: job.subject)
        return try await database.transaction(tenant) { tx -> Loaded? in
            guard let stored = try DocumentRepository.lockForCheck(tx, tenant: tenant, document: document),
                stored.status == .submitted || stored.status == .processing,
                let applicant = try ApplicantRepository.facts(tx, tenant: tenant, applicant: stored.applicant, keyring: keyring)
            else {
                try JobRepository.complete(tx, job)
                return nil
            }
            try DocumentRepository.markProcessing(tx, tenant: tenant, document: document, now: now)
            return Loaded(
                document: document,
                stored: stored,
                profile: applicant.profile,
                rules: try RuleSetRepository.current(tx, tenant: tenant).rules
            )
        }
    }

    /// Writes the outcome in one transaction: the verdict with its duplicate lookup, its event,
    /// its usage, the applicant's decision when this was the last document it waited for, and
    /// the job's completion.
    func record(
        _ report: DocumentCheckReport,
        numberHash: [UInt8]?,
        sealedExtraction: [UInt8]?,
        loaded: Loaded,
        job: ClaimedJob,
        tx: PostgresTransaction,
        now: Date
    ) throws {
        let tenant = job.tenant
        let document = loaded.document
        let applicant = loaded.stored.applicant
        // The applicant's lock serialises the completions of its documents: whichever finishes
        // last sees the others' verdicts and queues the decision (without it, two documents
        // finishing together could each see the other still processing, and nobody would).
        // An applicant erased while the check ran gets nothing written back.
        guard try ApplicantRepository.lockUnerased(tx, tenant: tenant, applicant: applicant),
            try DocumentRepository.lockProcessing(tx, tenant: tenant, document: document)
        else { return try JobRepository.complete(tx, job) }
        let duplicates = try DocumentRepository.duplicates(
            tx,
            tenant: tenant,
            sha256: loaded.stored.sha256,
            numberHash: numberHash,
            applicant: applicant
        )
        let verdict = DocumentChecker.verdict(
            report,
            duplicateFile: duplicates.file,
            duplicateDocumentNumber: duplicates.documentNumber,
            rules: loaded.rules
        )
        let status = DocumentStatus(verdict.status)
        try DocumentRepository.recordVerdict(
            tx,
            tenant: tenant,
            document: document,
            verdict: verdict,
            numberHash: numberHash,
            sealedExtraction: sealedExtraction,
            now: now
        )
        try DocumentEvents.checked(
            tx,
            tenant: tenant,
            document: document,
            applicant: applicant,
            type: loaded.stored.type,
            status: status,
            reasons: verdict.reasons,
            now: now
        )
        try UsageRepository.record(
            tx,
            tenant: tenant,
            kind: .documentChecked,
            applicant: applicant,
            outcome: status.rawValue.lowercased(),
            key: "document:\(document.uuid.uuidString.lowercased())",
            now: now
        )
        if status != .rejected {
            try DecisionReadiness.enqueueDecisionIfReady(tx, tenant: tenant, applicant: applicant, rules: loaded.rules, now: now)
        }
        try JobRepository.complete(tx, job)
    }
}
