import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import VouchAPI
import VouchCore

@Suite("The tenant's own watch list")
struct WatchlistTests {
    static let path = "/v1/watchlist-entries"

    static func create(_ client: some TestClientProtocol, key: String, _ json: String) async throws -> [String: Any] {
        let response = try await client.send(.post, path, key: key, json: json)
        #expect(response.status == .created, "\(String(buffer: response.body))")
        return try response.json()
    }

    @Test("an entry is created, read, changed field by field and deleted; the defaults fill what is left out")
    func roundTrip() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let created = try await Self.create(
                client,
                key: key,
                #"""
                {"names": [" Ivan Petrov ", "Иван Петров", "Ivan Petrov"], "birth_dates": ["1971", "1971-03", "1971-03-14"],
                 "countries": ["RU", "cy", "ru"], "topics": ["sanction", "role.pep"], "reference": "case-0042", "note": "Closed for fraud.\nSee ticket."}
                """#
            )
            let id = try #require(created["id"] as? String)
            #expect(id.hasPrefix("wle_") && id.count == 36)
            #expect(created["object"] as? String == "watchlist_entry")
            #expect(created["names"] as? [String] == ["Ivan Petrov", "Иван Петров"], "trimmed, each once")
            #expect(created["birth_dates"] as? [String] == ["1971", "1971-03", "1971-03-14"])
            #expect(created["countries"] as? [String] == ["ru", "cy"], "lowercase, each once")
            #expect(created["topics"] as? [String] == ["sanction", "role.pep"])
            #expect(created["reference"] as? String == "case-0042")
            #expect(created["note"] as? String == "Closed for fraud.\nSee ticket.")
            #expect(created["created_at"] as? String == created["updated_at"] as? String)
            let shown = try await client.send(.get, "\(Self.path)/\(id)", key: key).json()
            #expect(NSDictionary(dictionary: shown) == NSDictionary(dictionary: created))

            let plain = try await Self.create(client, key: key, #"{"names": ["Jane Roe"], "reference": null}"#)
            #expect(plain["birth_dates"] as? [String] == [] && plain["countries"] as? [String] == [])
            #expect(plain["topics"] as? [String] == ["watchlist"])
            #expect(plain["reference"] is NSNull && plain["note"] is NSNull, "always present, null when none")

            let patched = try await client.send(
                .patch,
                "\(Self.path)/\(id)",
                key: key,
                json: #"{"names": ["Ivan I. Petrov"], "countries": [], "reference": "", "note": null}"#
            )
            #expect(patched.status == .ok)
            let changed = try patched.json()
            #expect(changed["names"] as? [String] == ["Ivan I. Petrov"])
            #expect(changed["countries"] as? [String] == [])
            #expect(changed["reference"] is NSNull, "an empty reference clears it")
            #expect(changed["note"] as? String == "Closed for fraud.\nSee ticket.", "null keeps")
            #expect(changed["birth_dates"] as? [String] == ["1971", "1971-03", "1971-03-14"], "left out keeps")
            #expect(changed["created_at"] as? String == created["created_at"] as? String)
            let unchanged = try await client.send(.patch, "\(Self.path)/\(id)", key: key, json: "{}").json()
            #expect(unchanged["names"] as? [String] == ["Ivan I. Petrov"])

            let deleted = try await client.send(.delete, "\(Self.path)/\(id)", key: key)
            #expect(deleted.status == .ok)
            let confirmation = try deleted.json()
            #expect(confirmation["object"] as? String == "watchlist_entry" && confirmation["id"] as? String == id)
            #expect(confirmation["deleted"] as? Bool == true)
            for method in [HTTPRequest.Method.get, .delete] {
                #expect(try await client.send(method, "\(Self.path)/\(id)", key: key).status == .notFound)
            }
            #expect(try await app.count("watchlist_entries") == 1)
        }
    }

    @Test("an entry at every limit is stored as sent: lengths count characters as the database does")
    func atTheLimits() async throws {
        try await TestApp.withApp { app, client in
            let countries = [
                "at", "be", "bg", "cy", "cz", "de", "dk", "ee", "es", "fi", "fr", "gr", "hr", "hu", "ie", "it", "lt", "lu", "lv", "mt",
            ]
            let body: [String: Any] = [
                "names": (10..<30).map { String(repeating: "é", count: 197) + "-\($0)" },
                "birth_dates": (1950..<1970).map(String.init),
                "countries": countries,
                "topics": (10..<30).map { "t" + String(repeating: "a", count: 60) + "-\($0)" },
                "reference": String(repeating: "ř", count: 200),
                "note": String(repeating: "ñ\n", count: 499) + "ñ.",
            ]
            let json = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
            let created = try await Self.create(client, key: app.acme.apiKey, json)
            for field in ["names", "birth_dates", "countries", "topics"] {
                #expect(created[field] as? [String] == body[field] as? [String], "\(field)")
            }
            #expect(created["reference"] as? String == body["reference"] as? String)
            #expect(created["note"] as? String == body["note"] as? String)
        }
    }

    @Test("lists come newest first in pages; a bad limit or cursor is invalid_field")
    func pages() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            var ids: [String] = []
            for index in 1...5 {
                ids.append(try await Self.create(client, key: key, #"{"names": ["Person \#(index)"]}"#)["id"] as? String ?? "")
            }
            var seen: [String] = []
            var cursor = ""
            for expectedMore in [true, true, false] {
                let page = try await client.send(.get, "\(Self.path)?limit=2\(cursor)", key: key).json()
                #expect(page["object"] as? String == "list")
                #expect(page["has_more"] as? Bool == expectedMore)
                let data = page["data"] as? [[String: Any]] ?? []
                seen += data.compactMap { $0["id"] as? String }
                cursor = "&starting_after=\(seen.last ?? "")"
            }
            // Ids are time-ordered: newest first is descending order, whichever came in the same millisecond.
            #expect(seen == seen.sorted(by: >))
            #expect(Set(seen) == Set(ids) && seen.count == ids.count)
            for (query, field) in [
                ("limit=0", "limit"), ("limit=101", "limit"), ("starting_after=we_\(String(repeating: "0", count: 32))", "starting_after"),
            ] {
                let refused = try await client.send(.get, "\(Self.path)?\(query)", key: key)
                #expect(refused.code == "invalid_field", "\(query)")
                #expect(try refused.json()["field"] as? String == field, "\(query)")
            }
        }
    }

    static let badBodies: [(String, HTTPResponse.Status, String, String?)] = [
        (#"{"names": ["A"], "aliases": ["B"]}"#, .badRequest, "unknown_field", "aliases"),
        (#"{"names": ["A"]"#, .badRequest, "malformed_json", nil),
        ("", .badRequest, "empty_body", nil),
        (#"{"countries": ["gb"]}"#, .unprocessableContent, "missing_field", "names"),
        (#"{"names": null}"#, .unprocessableContent, "missing_field", "names"),
        (#"{"names": "Ivan"}"#, .unprocessableContent, "invalid_field", "names"),
        (#"{"names": [1]}"#, .unprocessableContent, "invalid_field", "names[0]"),
        (#"{"names": []}"#, .unprocessableContent, "invalid_field", "names"),
        (#"{"names": [\#((1...21).map { "\"n\($0)\"" }.joined(separator: ","))]}"#, .unprocessableContent, "invalid_field", "names"),
        (#"{"names": ["A", "  "]}"#, .unprocessableContent, "invalid_field", "names[1]"),
        (#"{"names": ["\#(String(repeating: "é", count: 201))"]}"#, .unprocessableContent, "invalid_field", "names[0]"),
        (#"{"names": ["Ivan\u0007"]}"#, .unprocessableContent, "invalid_field", "names[0]"),
        (#"{"names": ["Ivan\u0000 Petrov"]}"#, .unprocessableContent, "invalid_text", "names[0]"),
        (#"{"names": ["A"], "note": "x\u0000"}"#, .unprocessableContent, "invalid_text", "note"),
        (#"{"names": ["A"], "reference": "r\u0000"}"#, .unprocessableContent, "invalid_text", "reference"),
        (#"{"names": ["A"], "birth_dates": ["1990-02-30"]}"#, .unprocessableContent, "invalid_field", "birth_dates[0]"),
        (#"{"names": ["A"], "birth_dates": ["1990-13"]}"#, .unprocessableContent, "invalid_field", "birth_dates[0]"),
        (#"{"names": ["A"], "birth_dates": ["1990", "90"]}"#, .unprocessableContent, "invalid_field", "birth_dates[1]"),
        (#"{"names": ["A"], "birth_dates": ["1990-+1"]}"#, .unprocessableContent, "invalid_field", "birth_dates[0]"),
        (#"{"names": ["A"], "birth_dates": ["1990/01/01"]}"#, .unprocessableContent, "invalid_field", "birth_dates[0]"),
        (#"{"names": ["A"], "birth_dates": ["1899"]}"#, .unprocessableContent, "invalid_field", "birth_dates[0]"),
        (#"{"names": ["A"], "birth_dates": ["2999-01"]}"#, .unprocessableContent, "invalid_field", "birth_dates[0]"),
        (#"{"names": ["A"], "countries": ["GBR"]}"#, .unprocessableContent, "invalid_field", "countries[0]"),
        (#"{"names": ["A"], "countries": ["gb", "xx"]}"#, .unprocessableContent, "invalid_field", "countries[1]"),
        (#"{"names": ["A"], "topics": []}"#, .unprocessableContent, "invalid_field", "topics"),
        (#"{"names": ["A"], "topics": ["Sanction"]}"#, .unprocessableContent, "invalid_field", "topics[0]"),
        (#"{"names": ["A"], "topics": ["role pep"]}"#, .unprocessableContent, "invalid_field", "topics[0]"),
        (#"{"names": ["A"], "topics": ["\#(String(repeating: "a", count: 65))"]}"#, .unprocessableContent, "invalid_field", "topics[0]"),
        (#"{"names": ["A"], "reference": "\#(String(repeating: "r", count: 201))"}"#, .unprocessableContent, "invalid_field", "reference"),
        (#"{"names": ["A"], "note": "\#(String(repeating: "n", count: 1001))"}"#, .unprocessableContent, "invalid_field", "note"),
        (#"{"names": ["A"], "note": 5}"#, .unprocessableContent, "invalid_field", "note"),
    ]

    @Test("every bad body gets its code and names its field; nothing is stored or changed")
    func badInput() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            for (body, status, code, field) in Self.badBodies {
                let response = try await client.send(.post, Self.path, key: key, json: body)
                #expect(response.status == status, "\(body.prefix(80))")
                #expect(response.code == code, "\(body.prefix(80))")
                #expect(try response.json()["field"] as? String == field, "\(body.prefix(80))")
            }
            #expect(try await app.count("watchlist_entries") == 0)

            let id = try await Self.create(client, key: key, #"{"names": ["Ivan Petrov"]}"#)["id"] as? String ?? ""
            for (body, _, code, field) in Self.badBodies where code != "missing_field" {
                let response = try await client.send(.patch, "\(Self.path)/\(id)", key: key, json: body)
                #expect(response.code == code, "PATCH \(body.prefix(80))")
                #expect(try response.json()["field"] as? String == field, "PATCH \(body.prefix(80))")
            }
            #expect(try await client.send(.get, "\(Self.path)/\(id)", key: key).json()["names"] as? [String] == ["Ivan Petrov"])
            for malformed in ["wle_123", "we_\(String(repeating: "0", count: 32))", "wle_\(String(repeating: "G", count: 32))"] {
                #expect(try await client.send(.get, "\(Self.path)/\(malformed)", key: key).status == .notFound, "\(malformed)")
            }
        }
    }

    @Test("another tenant's entry is not found by any operation, not listed, and not screened")
    func isolation() async throws {
        try await TestApp.withApp { app, client in
            let id = try await Self.create(client, key: app.acme.apiKey, #"{"names": ["Ivan Petrov"]}"#)["id"] as? String ?? ""
            let other = app.globex.apiKey
            for method in [HTTPRequest.Method.get, .patch, .delete] {
                let response = try await client.send(
                    method,
                    "\(Self.path)/\(id)",
                    key: other,
                    json: method == .patch ? #"{"note": "x"}"# : nil
                )
                #expect(response.status == .notFound, "\(method)")
                #expect(response.code == "not_found", "\(method)")
            }
            let listed = try await client.send(.get, Self.path, key: other).json()
            #expect((listed["data"] as? [Any])?.isEmpty == true)
            #expect(try await client.send(.get, "\(Self.path)/\(id)", key: app.acme.apiKey).json()["note"] is NSNull)

            _ = try await Self.create(client, key: other, #"{"names": ["Globex Person"]}"#)
            let database = app.services.database
            for (tenant, name) in [(app.acme.id, "Ivan Petrov"), (app.globex.id, "Globex Person")] {
                let entries = try await database.transaction(tenant) { tx in
                    try WatchlistRepository.candidates(tx, tenant: tenant, names: ["Ivan Petrov", "Globex Person"])
                }
                #expect(entries.map(\.names) == [[name]], "screening reads the tenant's own list only")
            }
        }
    }

    @Test("every write is in the audit log, by id only")
    func audited() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let id = try await Self.create(client, key: key, #"{"names": ["Ivan Petrov"]}"#)["id"] as? String ?? ""
            #expect(try await client.send(.patch, "\(Self.path)/\(id)", key: key, json: #"{"note": "n"}"#).status == .ok)
            #expect(try await client.send(.get, "\(Self.path)/\(id)", key: key).status == .ok)
            #expect(try await client.send(.delete, "\(Self.path)/\(id)", key: key).status == .ok)
            let events = try await AuditTests.auditEvents(client, key: key, query: "&object_id=\(id)")
            #expect(
                events.compactMap { $0["action"] as? String } == [
                    "watchlist_entry.deleted", "watchlist_entry.updated", "watchlist_entry.created",
                ]
            )
            for event in events {
                #expect(event["object_type"] as? String == "watchlist_entry")
                #expect((event["details"] as? [String: Any])?.isEmpty == true, "no names in the audit log")
            }
            #expect(try await AuditTests.auditEvents(client, key: app.globex.apiKey, query: "&object_id=\(id)").isEmpty)
        }
    }

    @Test("every operation needs watchlist:manage")
    func scope() async throws {
        try await TestApp.withApp { app, client in
            let id = try await Self.create(client, key: app.acme.apiKey, #"{"names": ["Ivan Petrov"]}"#)["id"] as? String ?? ""
            let reader = try await app.services.apiKeys.create(tenant: app.acme.id, name: "reader", scopes: [.applicantsRead, .auditRead])
            let manager = try await app.services.apiKeys.create(tenant: app.acme.id, name: "lists", scopes: [.watchlistManage])
            let operations: [(HTTPRequest.Method, String, String?)] = [
                (.post, Self.path, #"{"names": ["Jane Roe"]}"#), (.get, Self.path, nil), (.get, "\(Self.path)/\(id)", nil),
                (.patch, "\(Self.path)/\(id)", #"{"note": "n"}"#), (.delete, "\(Self.path)/\(id)", nil),
            ]
            for (method, path, json) in operations {
                let denied = try await client.send(method, path, key: reader.secret, json: json)
                #expect(denied.status == .forbidden, "\(method) \(path)")
                #expect(denied.code == "insufficient_scope", "\(method) \(path)")
            }
            for (method, path, json) in operations {
                let allowed = try await client.send(method, path, key: manager.secret, json: json)
                #expect(allowed.status.code < 300, "\(method) \(path): \(String(buffer: allowed.body))")
            }
        }
    }

    @Test("a tenant holds at most 10,000 entries; one more is watchlist_limit_reached until one goes")
    func limit() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            _ = try await app.admin(
                """
                INSERT INTO watchlist_entries (tenant_id, id, names)
                SELECT '\(app.acme.id.uuid)', gen_random_uuid(), ARRAY['Person ' || n] FROM generate_series(1, 9999) AS n
                """
            )
            let last = try await Self.create(client, key: key, #"{"names": ["Entry 10000"]}"#)
            let refused = try await client.send(.post, Self.path, key: key, json: #"{"names": ["Entry 10001"]}"#)
            #expect(refused.status == .conflict)
            #expect(refused.code == "watchlist_limit_reached")
            #expect(try await app.count("watchlist_entries") == 10_000)
            _ = try await Self.create(client, key: app.globex.apiKey, #"{"names": ["Globex Person"]}"#)

            #expect(try await client.send(.delete, "\(Self.path)/\(last["id"] as? String ?? "")", key: key).status == .ok)
            _ = try await Self.create(client, key: key, #"{"names": ["Entry 10000 again"]}"#)
        }
    }
}
