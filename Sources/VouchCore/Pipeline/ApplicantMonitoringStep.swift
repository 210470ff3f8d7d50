import Base
import Foundation
import Postgres
import SanctionsIndex
import Verification

/// Ongoing monitoring (`monitor_applicants`): works one monitoring run of a tenant. Its verified
/// applicants are read a page at a time and matched against the entities the run is about —
/// those a list version added or changed, or every list for a full run — and once all are read
/// each candidate is queued for a new screening in full (`screen_applicant`, at batch priority),
/// which records the hit, opens the review and sends `applicant.screening_hit`; the screenings
/// do not compete with the run for the threads. Every applicant read counts `monitoring` once a
/// month, page by page. A retried job reads the pages again, which queues and counts nothing
/// twice.
struct ApplicantMonitoringStep: Sendable {
    let database: TenantDatabase
    /// Opens the applicants' sealed profiles.
    let keyring: Keyring
    let lists: UnscopedDatabase
    /// The lists loaded locally; without them a full run queues every applicant's screening
    /// through the provider.
    let localLists: LocalListScreening?
    /// Applicants read, matched and counted at a time.
    var pageSize = 10_000

    func run(_ job: ClaimedJob, now: Date = Date()) async throws {
        let tenant = job.tenant
        let id = MonitoringRunID(uuid: job.subject)
        let (run, rules) = try await database.transaction(tenant) { tx in
            (try Self.start(tx, tenant: tenant, id: id, now: now), try RuleSetRepository.current(tx, tenant: tenant).rules)
        }
        var entities = 0
        var candidates: [ApplicantID] = []
        if rules.screeningMonitoring && rules.screeningEnabled {
            let matcher = try await matcher(for: run, threshold: rules.screeningThreshold)
            entities = matcher?.entities ?? 0
            // Without a matcher every applicant is a candidate; against nothing changed, none is.
            if matcher == nil || entities > 0 { candidates = try await screen(tenant: tenant, run: id, matcher: matcher, now: now) }
        }
        let (screened, queued) = (entities, candidates)
        try await database.transaction(tenant) { tx in
            for part in stride(from: 0, to: queued.count, by: pageSize) {
                let subjects = queued[part..<min(part + pageSize, queued.count)].map(\.uuid)
                try JobRepository.enqueue(tx, tenant: tenant, kind: .screenApplicant, subjects: subjects, priority: 10, now: now)
            }
            try MonitoringRepository.finish(tx, tenant: tenant, id: id, entities: screened, now: Date())
            try JobRepository.complete(tx, job)
        }
    }

    /// The run, started; a job queued before runs were recorded (its subject a tenant) becomes a
    /// full run (for any other job the run exists, and the insert does nothing).
    static func start(_ tx: PostgresTransaction, tenant: TenantID, id: MonitoringRunID, now: Date) throws -> MonitoringRun {
        try MonitoringRepository.insertFull(tx, tenant: tenant, id: id, now: now)
        guard let run = try MonitoringRepository.start(tx, tenant: tenant, id: id, now: now) else {
            throw VouchError.notFound("monitoring run")
        }
        return run
    }

    /// What the run's applicants are matched against: an index of what a list version changed,
    /// or of every list loaded locally; nil when a full run has no local lists (every applicant
    /// is then a candidate, for the provider to screen).
    func matcher(for run: MonitoringRun, threshold: Double) async throws -> MonitoringMatcher? {
        switch run.kind {
        case .listChange:
            guard let dataset = run.dataset, let version = run.version else { return nil }
            let changed = try await ListRepository.changedEntities(database: lists, dataset: dataset, version: version)
            let index = await Self.background {
                var builder = SanctionsIndex.Builder()
                for entity in changed { builder.add(entity) }
                return builder.build()
            }
            let whole = try await localLists?.indexes(fresh: false)[dataset]
            return MonitoringMatcher(sources: [.init(index: index, rarityFrom: whole)], threshold: threshold)
        case .full:
            guard let localLists else { return nil }
            let sources = try await localLists.indexes().sorted { $0.key < $1.key }.map { MonitoringMatcher.Source(index: $0.value) }
            return MonitoringMatcher(sources: sources, threshold: threshold)
        }
    }

    /// Reads the applicants a page at a time and returns the candidates. While a page is
    /// matched, the next one is read and the page before's counts are written: matching keeps
    /// both threads busy, the database works beside it.
    func screen(tenant: TenantID, run: MonitoringRunID, matcher: MonitoringMatcher?, now: Date) async throws -> [ApplicantID] {
        let month = String(CivilDate(unixSeconds: now.timeIntervalSince1970).description.prefix(7))
        var candidates: [ApplicantID] = []
        var written: Task<Void, any Error>?
        var page = try await ApplicantRepository.monitored(
            database: database,
            keyring: keyring,
            tenant: tenant,
            month: month,
            after: nil,
            limit: pageSize
        )
        while !page.isEmpty {
            let last = page.count == pageSize ? page.last?.id : nil
            async let next =
                last == nil
                ? []
                : ApplicantRepository.monitored(
                    database: database,
                    keyring: keyring,
                    tenant: tenant,
                    month: month,
                    after: last,
                    limit: pageSize
                )
            let applicants = page
            let found = await matcher?.candidates(applicants) ?? applicants.map(\.id)
            candidates += found
            try await written?.value
            written = Task { try await count(applicants, found: found.count, tenant: tenant, run: run, month: month, now: now) }
            page = try await next
        }
        try await written?.value
        return candidates
    }

    /// Counts a page's applicants not counted this month yet, and the run's progress.
    func count(_ applicants: [MonitoredApplicant], found: Int, tenant: TenantID, run: MonitoringRunID, month: String, now: Date)
        async throws
    {
        let uncounted = applicants.filter { !$0.countedThisMonth }.map(\.id)
        try await database.transaction(tenant) { tx in
            try ApplicantRepository.markMonitored(tx, tenant: tenant, applicants: uncounted, month: month)
            try UsageRepository.recordMonitoring(tx, tenant: tenant, applicants: uncounted, month: month, now: now)
            try MonitoringRepository.progress(tx, tenant: tenant, id: run, applicants: applicants.count, candidates: found)
        }
    }

    /// Matching is CPU work: it runs on the background threads, off the cooperative ones.
    static func background<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await Task(executorPreference: BackgroundExecutor.shared) { work() }.value
    }
}
