import Foundation
import Logging
import Postgres
import SanctionsIndex
import TestSupport
import Testing
import VouchAPI

@testable import VouchCore

/// Published lists loaded by the operator and screened with Vouch's own index.
@Suite("Local lists")
struct LocalListsTests {
    static func file(_ lines: [String]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("list-\(UUID()).jsonl").path
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func entity(_ id: String, _ name: String, birth: String = "1990-12-10", changed: String = "2026-11-01T00:00:00") -> String {
        #"{"id": "\#(id)", "schema": "Person", "properties": {"name": ["\#(name)"], "birthDate": ["\#(birth)"], "nationality": ["gb"], "topics": ["sanction"]}, "datasets": ["test_list"], "last_change": "\#(changed)"}"#
    }

    /// Imports `lines` as `version` of the `test` list, as `vouch lists import` does.
    @discardableResult
    static func load(_ pool: PostgresPool, _ version: String, _ lines: [String], delta: Bool = false, finish: Bool = true) async throws
        -> ListImport
    {
        try await ListRepository.begin(adminPool: pool, dataset: "test", version: version, delta: delta)
        var load = ListImport(dataset: "test", version: version, delta: delta, maximumBadLines: 3)
        try await load.read(try file(lines), into: pool)
        if finish { try await ListRepository.finish(adminPool: pool, dataset: "test", version: version, badLines: load.badLines) }
        return load
    }

    /// Screening against the lists loaded here, each screening waiting for the newest version.
    static func localLists(_ configuration: inout AppConfiguration) {
        configuration.providers.screeningLists = .local
        configuration.providers.localListsRecheck = .zero
    }

    static func states(_ pool: PostgresPool) async throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try await ListRepository.versions(adminPool: pool).map { ($0.version, $0.state) })
    }

    @Test(
        "an import keeps good lines and reports bad ones by number; a version serves only once complete; a delta adds, changes and removes"
    )
    func imports() async throws {
        let database = try await TestDatabase.migrated()
        let pool = PostgresPool(configuration: .init(conninfo: database.adminURL, maximumConnections: 2))
        let first = try await Self.load(
            pool,
            "v1",
            [
                Self.entity("t-ada", "Ada Lovelace"), "not json", Self.entity("t-bob", "Bob Marley"),
                #"{"id": "t-none", "properties": {"name": []}}"#, Self.entity("t-long", String(repeating: "Petrov", count: 2_000)),
                Self.entity("t-emoji", "🙂🙂"), Self.entity("t-rtl", "محمد علي"), Self.entity("t-nul", "Ada\\u0000 King"),
            ]
        )
        #expect(first.badLines == 2)
        #expect(first.firstBadLines.map(\.0) == [2, 4], "reported by line number")
        #expect(try await Self.states(pool) == ["v1": "current"])
        #expect(try await ListRepository.versions(adminPool: pool).first?.entities == 6)

        // Killed halfway: the loading version never serves, and the next import clears it.
        try await Self.load(pool, "v2", [Self.entity("t-eve", "Eve Online")], finish: false)
        #expect(try await Self.states(pool) == ["v1": "current", "v2": "loading"])
        let delta = [
            #"{"op": "DEL", "entity": {"id": "t-bob"}}"#,
            #"{"op": "MOD", "entity": \#(Self.entity("t-ada", "Ada Lovelace", changed: "2026-12-01T00:00:00"))}"#,
            #"{"op": "ADD", "entity": \#(Self.entity("t-cy", "Ada Byron"))}"#,
        ]
        try await Self.load(pool, "v3", delta, delta: true)
        #expect(try await Self.states(pool) == ["v1": "retired", "v3": "current"])
        let rows = try await pool.query("SELECT id, last_change FROM screening_entities WHERE version = 'v3' ORDER BY id")
        let entities = try rows.map { try ($0.decode(column: 0, as: String.self), $0.decode(column: 1, as: String?.self)) }
        #expect(entities.map(\.0) == ["t-ada", "t-cy", "t-emoji", "t-long", "t-nul", "t-rtl"])
        #expect(entities.first?.1 == "2026-12-01T00:00:00")
        #expect(try await pool.query("SELECT 1 FROM screening_entities WHERE version <> 'v3'").isEmpty, "older rows are removed")
        let changes = try await pool.query("SELECT entity_id, change FROM screening_list_changes WHERE version = 'v3' ORDER BY 1")
        let changed = try changes.map { "\(try $0.decode(column: 0, as: String.self)):\(try $0.decode(column: 1, as: String.self))" }
        #expect(changed == ["t-ada:changed", "t-bob:removed", "t-cy:added"], "what the version changed against the one before")
        #expect(
            try await pool.query("SELECT 1 FROM screening_list_changes WHERE version = 'v1'").isEmpty,
            "a first version is new as a whole"
        )
        let changeCounts = Dictionary(
            uniqueKeysWithValues: try await ListRepository.versions(adminPool: pool).map { ($0.version, $0.changes) }
        )
        #expect(changeCounts["v3"] == 3 && changeCounts["v1"] == .some(nil), "what `vouch lists status` shows")

        await #expect(throws: ListImportError.self) {
            try await Self.load(pool, "v4", ["x", "y", "z", "w", Self.entity("t-z", "Zed")])
        }
        #expect(try await Self.states(pool)["v3"] == "current", "too many bad lines: the current version stays")
        pool.close()
        try await database.drop()
    }

    @Test("while a new version's index is built, screenings go on with the one they have and say which version it was")
    func servesTheOldVersionWhileBuilding() async throws {
        try await TestApp.withApp { app, _ in
            let pool = PostgresPool(configuration: .init(conninfo: app.database.adminURL, maximumConnections: 1))
            defer { pool.close() }
            try await Self.load(pool, "v1", [Self.entity("t-ada", "Ada Lovelace")])
            let screening = LocalListScreening(database: app.services.unscoped, recheck: .zero)
            let subject = CheckSubject(tenant: app.acme.id, applicant: ApplicantID.generate(), firstName: "Ada", lastName: "Lovelace")
            func version() async throws -> String? {
                try await screening.screen(subject, threshold: 0.8).provenance["list_version"]?.stringValue
            }
            #expect(try await version() == "test:v1", "the first screening waits for the first index")
            try await Self.load(pool, "v2", [#"{"op": "DEL", "entity": {"id": "t-ada"}}"#], delta: true)
            #expect(try await version() == "test:v1", "the old index answers while the new one is built")
            #expect(try await eventually { try await version() == "test:v2" }, "then the new one")
            #expect(try await screening.screen(subject, threshold: 0.8).hits.isEmpty)
        }
    }

    @Test(
        "a list change screens a monitoring tenant's verified applicants against what changed, queues the candidates' screenings and records the run"
    )
    func monitoring() async throws {
        // Workers recheck the lists' versions rarely: the screenings monitoring queues must still
        // see the version that raised them.
        let rarely: @Sendable (inout AppConfiguration) -> Void = {
            Self.localLists(&$0)
            $0.providers.localListsRecheck = .seconds(3600)
        }
        try await TestApp.withApp(configure: rarely) { app, client in
            let pool = PostgresPool(configuration: .init(conninfo: app.database.adminURL, maximumConnections: 1))
            defer { pool.close() }
            try await Self.load(pool, "v1", [Self.entity("t-bob", "Bob Marley"), Self.entity("t-grace", "Grace Hopper")])
            #expect(try await client.putRules(#"{"screening": {"monitoring": true}}"#, key: app.acme.apiKey).status == .ok)
            var applicants: [(key: String, id: String)] = []
            for (variant, key) in [(1, app.acme.apiKey), (2, app.globex.apiKey)] {
                let applicant = try await client.createApplicant(key: key, profile: PipelineProfile())
                try await client.uploadDocuments(.valid(variant: variant), applicant: applicant, key: key)
                applicants.append((key, applicant))
            }
            try await app.drainJobs()
            for (key, applicant) in applicants { #expect(try await client.applicantState(applicant, key: key) == "verified") }
            // A second verified applicant of Acme, whom nothing the list changes resembles.
            _ = try await app.admin(
                """
                INSERT INTO applicants (tenant_id, id, external_user_id, first_name, last_name, decision)
                VALUES ('\(app.acme.id.uuid)', gen_random_uuid(), 'other', 'Marie', 'Curie', 'verified')
                """
            )

            try await Self.load(pool, "v2", [#"{"op": "ADD", "entity": \#(Self.entity("t-ada", "Ada Lovelace"))}"#], delta: true)
            try await app.drainJobs()  // the monitoring run queues the candidates' screenings
            try await app.drainJobs()  // the screenings
            let (acmeKey, monitored) = applicants[0]
            #expect(try await client.applicantState(monitored, key: acmeKey) == "in_review")
            let types = try await client.allEvents(of: monitored, key: acmeKey).map { $0["type"] as? String ?? "" }
            #expect(Array(types.suffix(2)) == ["applicant.screening_hit", "applicant.in_review"])

            let runs = try await client.send(.get, "/v1/monitoring-runs", key: acmeKey).json()["data"] as? [[String: Any]] ?? []
            #expect(runs.count == 1)
            let run = runs.first ?? [:]
            #expect(
                run["kind"] as? String == "list_change" && run["dataset"] as? String == "test" && run["list_version"] as? String == "v2"
            )
            #expect(run["state"] as? String == "done" && run["finished_at"] is String)
            #expect(run["entities"] as? Int == 1, "screened against the one entity the version added, not the whole list")
            #expect(run["applicants"] as? Int == 2 && run["candidates"] as? Int == 1, "only Ada could be the new entity")
            let usage = try await app.admin("SELECT count(*) FROM usage_events WHERE kind = 'monitoring'")
            #expect(try usage[0].decode(column: 0, as: Int.self) == 2, "each applicant monitored counts once this month")
            let screened = try await app.admin("SELECT count(*) FROM usage_events WHERE kind = 'screening_call'")
            #expect(try screened[0].decode(column: 0, as: Int.self) == 0, "the local lists are not a billed call")

            let (globexKey, unmonitored) = applicants[1]
            #expect(try await client.applicantState(unmonitored, key: globexKey) == "verified", "Globex does not monitor")
            let globexRuns = try await client.send(.get, "/v1/monitoring-runs", key: globexKey).json()["data"] as? [[String: Any]]
            #expect(globexRuns?.isEmpty == true)
            let id = run["id"] as? String ?? ""
            #expect(try await client.send(.get, "/v1/monitoring-runs/\(id)", key: globexKey).status == .notFound)
            #expect(try await client.send(.get, "/v1/monitoring-runs/\(id)", key: acmeKey).status == .ok)
            #expect(try await client.send(.get, "/v1/monitoring-runs/mon_nothex", key: acmeKey).status == .notFound)
            let foreign = try await client.send(.get, "/v1/monitoring-runs?starting_after=\(MonitoringRunID(uuid: UUID()))", key: acmeKey)
            #expect(foreign.status == .unprocessableContent)
            #expect(try foreign.json()["code"] as? String == "invalid_field")
            let malformed = try await client.send(.get, "/v1/monitoring-runs?starting_after=wle_1", key: acmeKey)
            #expect(malformed.status == .unprocessableContent)
            let page = try await client.send(.get, "/v1/monitoring-runs?limit=1&starting_after=\(id)", key: acmeKey).json()
            #expect((page["data"] as? [Any])?.isEmpty == true && page["has_more"] as? Bool == false, "nothing older than the only run")
        }
    }

    @Test(
        "the schedule queues a monitoring tenant's full re-screen when one is due, against every list; a job from before runs becomes one"
    )
    func fullRescreens() async throws {
        try await TestApp.withApp(configure: Self.localLists) { app, client in
            let pool = PostgresPool(configuration: .init(conninfo: app.database.adminURL, maximumConnections: 1))
            defer { pool.close() }
            try await Self.load(pool, "v1", [Self.entity("t-ada", "Ada Lovelace"), Self.entity("t-bob", "Bob Marley")])
            let applicant = try await client.createApplicant(
                key: app.acme.apiKey,
                profile: PipelineProfile(firstName: "Bob", lastName: "Marley")
            )
            _ = try await app.admin(
                "UPDATE applicants SET decision = 'verified' WHERE id = '\(ApplicantID(applicant)?.uuid.uuidString ?? "")'"
            )
            let scheduler = MonitoringScheduler(database: app.services.unscoped, logger: Logger(label: "test"))
            let now = Date()
            #expect(try await scheduler.queueDue(now: now) == 0, "nobody monitors")
            let rules = #"{"screening": {"monitoring": true, "rescreen_days": 7}}"#
            #expect(try await client.putRules(rules, key: app.acme.apiKey).status == .ok)
            #expect(try await scheduler.queueDue(now: now) == 1, "never re-screened: due at once")
            #expect(try await scheduler.queueDue(now: now) == 0, "one is queued")
            try await app.drainJobs()
            let runs = try await client.send(.get, "/v1/monitoring-runs", key: app.acme.apiKey).json()["data"] as? [[String: Any]] ?? []
            #expect(runs.first?["kind"] as? String == "full" && runs.first?["list_version"] is NSNull)
            #expect(runs.first?["entities"] as? Int == 2 && runs.first?["candidates"] as? Int == 1)
            #expect(try await scheduler.queueDue(now: now.addingTimeInterval(6 * 86_400)) == 0, "not due for a week")
            #expect(try await scheduler.queueDue(now: now.addingTimeInterval(8 * 86_400)) == 1)
            try await app.drainJobs()
            #expect(
                try await client.putRules(#"{"screening": {"monitoring": true, "rescreen_days": 0}}"#, key: app.acme.apiKey).status == .ok
            )
            #expect(try await scheduler.queueDue(now: now.addingTimeInterval(100 * 86_400)) == 0, "0: no schedule")

            // A job queued before runs were recorded names its tenant: it runs as a full one.
            _ = try await app.admin(
                """
                INSERT INTO jobs (tenant_id, id, kind, subject_id, priority, run_at, created_at, updated_at)
                VALUES ('\(app.acme.id.uuid)', gen_random_uuid(), 'monitor_applicants', '\(app.acme.id.uuid)', 10, now(), now(), now())
                """
            )
            try await app.drainJobs()
            let legacy = try await client.send(.get, "/v1/monitoring-runs/\(MonitoringRunID(uuid: app.acme.id.uuid))", key: app.acme.apiKey)
            #expect(try legacy.json()["state"] as? String == "done")
        }
    }

    @Test("with VOUCH_SCREENING=local, a listed applicant is a hit with the list's version; a new version that drops the entry clears them")
    func screensLocally() async throws {
        try await TestApp.withApp(configure: Self.localLists) { app, client in
            let pool = PostgresPool(configuration: .init(conninfo: app.database.adminURL, maximumConnections: 1))
            defer { pool.close() }
            try await Self.load(pool, "v1", [Self.entity("t-ada", "Ada LOVELACE"), Self.entity("t-bob", "Bob Marley")])
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key, profile: PipelineProfile())
            try await client.uploadDocuments(.valid(variant: 1), applicant: applicant, key: key)
            try await app.drainJobs()
            var report = try await client.fetchChecks(applicant, key: key)
            #expect(report["decision_reasons"] as? [String] == ["sanctions_match"])
            var details = ScreeningExplanationTests.details(report)
            #expect(details["provider"] as? String == "vouch")
            #expect(details["list_version"] as? String == "test:v1")
            #expect(details["algorithm"] as? String == LocalListScreening.algorithm)
            let hit = try #require((details["hits"] as? [[String: Any]])?.first)
            #expect(hit["id"] as? String == "t-ada")
            #expect(hit["entry_version"] as? String == "2026-11-01T00:00:00")
            #expect(hit["datasets"] as? [String] == ["test_list"])
            let matched = hit["matched"] as? [String: Any]
            #expect(matched?["name"] as? Double == 1)
            #expect(matched?["birth_date"] as? Double == 1)
            #expect(matched?["country"] as? Double == 1)
            #expect(try await app.usage(applicant: applicant).isEmpty, "no provider was called")

            try await Self.load(pool, "v2", [#"{"op": "DEL", "entity": {"id": "t-ada"}}"#], delta: true)
            #expect(try await client.send(.post, "/v1/applicants/\(applicant)/screenings", key: key).status == .accepted)
            try await app.drainJobs()
            report = try await client.fetchChecks(applicant, key: key)
            details = ScreeningExplanationTests.details(report)
            #expect(ScreeningExplanationTests.screening(report)["status"] as? String == "clear")
            #expect(details["list_version"] as? String == "test:v2")
        }
    }
}

extension LocalListsTests {
    @Test("a run over many pages reads every verified applicant once, counts each once, and queues only the candidates")
    func runsOverPages() async throws {
        try await TestApp.withApp(configure: Self.localLists) { app, client in
            let pool = PostgresPool(configuration: .init(conninfo: app.database.adminURL, maximumConnections: 1))
            defer { pool.close() }
            try await Self.load(pool, "v1", [Self.entity("t-bob", "Bob Marley")])
            #expect(
                try await client.putRules(#"{"screening": {"monitoring": true, "rescreen_days": 0}}"#, key: app.acme.apiKey).status == .ok
            )
            let names = ["Ada Lovelace", "Grace Hopper", "Ada Lovelace", "Marie Curie", "Alan Turing", "Ada Lovelace", "Emmy Noether"]
            for (number, name) in names.enumerated() {
                let parts = name.split(separator: " ")
                _ = try await app.admin(
                    """
                    INSERT INTO applicants (tenant_id, id, external_user_id, first_name, last_name, decision)
                    VALUES ('\(app.acme.id.uuid)', gen_random_uuid(), 'paged-\(number)', '\(parts[0])', '\(parts[1])', 'verified')
                    """
                )
            }
            try await Self.load(pool, "v2", [#"{"op": "ADD", "entity": \#(Self.entity("t-ada", "Ada Lovelace"))}"#], delta: true)
            let claimed = try await app.services.jobs.claim(worker: "test", limit: 1, lease: .seconds(60))
            let job = try #require(claimed.first)
            var step = ApplicantMonitoringStep(
                database: app.services.unscoped.scoped,
                keyring: app.services.dataKeys.keyring,
                lists: app.services.unscoped,
                localLists: app.services.providers.localLists
            )
            step.pageSize = 2
            try await step.run(job)

            let run = try await client.send(.get, "/v1/monitoring-runs/\(MonitoringRunID(uuid: job.task.subject))", key: app.acme.apiKey)
                .json()
            #expect(run["applicants"] as? Int == 7 && run["candidates"] as? Int == 3 && run["state"] as? String == "done")
            let queued = try await app.admin("SELECT count(*) FROM jobs WHERE kind = 'screen_applicant'")
            #expect(try queued[0].decode(column: 0, as: Int.self) == 3, "the three Adas")
            let counted = try await app.admin("SELECT count(*), count(DISTINCT applicant_id) FROM usage_events WHERE kind = 'monitoring'")
            #expect(try counted[0].decode(column: 0, as: Int.self) == 7 && counted[0].decode(column: 1, as: Int.self) == 7)
        }
    }
}
