import Foundation
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

    @Test("a new list version screens again every verified applicant of a tenant that monitors, and only of those")
    func monitoring() async throws {
        try await TestApp.withApp(configure: Self.localLists) { app, client in
            let pool = PostgresPool(configuration: .init(conninfo: app.database.adminURL, maximumConnections: 1))
            defer { pool.close() }
            try await Self.load(pool, "v1", [Self.entity("t-bob", "Bob Marley")])
            #expect(try await client.putRules(#"{"screening": {"monitoring": true}}"#, key: app.acme.apiKey).status == .ok)
            var applicants: [(key: String, id: String)] = []
            for (variant, key) in [(1, app.acme.apiKey), (2, app.globex.apiKey)] {
                let applicant = try await client.createApplicant(key: key, profile: PipelineProfile())
                try await client.uploadDocuments(.valid(variant: variant), applicant: applicant, key: key)
                applicants.append((key, applicant))
            }
            try await app.drainJobs()
            for (key, applicant) in applicants { #expect(try await client.applicantState(applicant, key: key) == "verified") }

            try await Self.load(pool, "v2", [#"{"op": "ADD", "entity": \#(Self.entity("t-ada", "Ada Lovelace"))}"#], delta: true)
            try await app.drainJobs()  // the monitoring job queues the screenings
            try await app.drainJobs()  // the screenings
            let (acmeKey, monitored) = applicants[0]
            #expect(try await client.applicantState(monitored, key: acmeKey) == "in_review")
            let types = try await client.allEvents(of: monitored, key: acmeKey).map { $0["type"] as? String ?? "" }
            #expect(Array(types.suffix(2)) == ["applicant.screening_hit", "applicant.in_review"])
            let monitoredUsage = try await app.admin("SELECT count(*) FROM usage_events WHERE kind = 'monitoring'")
            #expect(try monitoredUsage[0].decode(column: 0, as: Int.self) == 1, "one applicant monitored this month")
            let (globexKey, unmonitored) = applicants[1]
            #expect(try await client.applicantState(unmonitored, key: globexKey) == "verified", "Globex does not monitor")
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
