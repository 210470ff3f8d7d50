import Foundation
import Postgres
import Testing

/// `jsonb` through `PostgresJSON` and `text[]` through `PostgresTextArray`.
@Suite struct JSONAndArrayTests {
    struct Profile: Codable, Equatable {
        var name: String
        var age: Int
        var tags: [String]
        var nested: [String: Bool]
    }

    @Test func jsonbRoundTripAndDecode() async throws {
        let profile = Profile(
            name: "Zoë \"Z\" O'Brien — 日本",
            age: 41,
            tags: ["a", "b,c", "'; DROP TABLE t; --"],
            nested: ["ok": true]
        )
        try await withTestPool { pool, _ in
            try await pool.query("CREATE TABLE docs (id int8 PRIMARY KEY, body jsonb NOT NULL)")
            try await pool.query("INSERT INTO docs (id, body) VALUES (1, \(try PostgresJSON(encoding: profile)))")
            let stored: PostgresJSON = try await pool.scalar("SELECT body FROM docs WHERE id = 1")
            #expect(try stored.decode(Profile.self) == profile)

            let name: String = try await pool.scalar("SELECT body ->> 'name' FROM docs WHERE id = 1")
            #expect(name == profile.name)
            let age: Int = try await pool.scalar("SELECT (body -> 'age')::int8 FROM docs WHERE id = 1")
            #expect(age == 41)
            let type: String = try await pool.scalar("SELECT jsonb_typeof(body -> 'tags') FROM docs WHERE id = 1")
            #expect(type == "array")

            // jsonb normalises its text; the value, not the spelling, survives.
            let raw = PostgresJSON(text: #"{"b":  [1, 2.5, null],   "a": "x"}"#)
            let back: PostgresJSON = try await pool.scalar("SELECT \(raw)")
            #expect(back.text == #"{"a": "x", "b": [1, 2.5, null]}"#)
            let equal: Bool = try await pool.scalar("SELECT \(back) = \(raw)")
            #expect(equal)
            let boundType: String = try await pool.scalar("SELECT pg_typeof(\(raw))::text")
            #expect(boundType == "jsonb")
        }
    }

    @Test func invalidJSONIsRefusedByTheServer() async throws {
        try await withTestPool { pool, _ in
            let error = try await expectPostgresError {
                try await pool.query("SELECT \(PostgresJSON(text: "{not json"))")
            }
            #expect(error.kind == .server)
            #expect(error.sqlState == .invalidTextRepresentation)
        }
    }

    @Test func textArrayRoundTrip() async throws {
        let awkward = [
            "plain", "with space", " padded ", "with \"quotes\"", #"back\slash"#, #"\"#, "a,b", "{braces}",
            "", "NULL", "null", "'single'", "Zoë 日本 👩‍👩‍👧", "tab\there", "new\nline",
        ]
        try await withTestPool { pool, _ in
            let back: PostgresTextArray = try await pool.scalar("SELECT \(PostgresTextArray(awkward))")
            #expect(back.elements == awkward)

            let length: Int = try await pool.scalar("SELECT cardinality(\(PostgresTextArray(awkward)))::int8")
            #expect(length == awkward.count)
            for (index, element) in awkward.enumerated() {
                let atIndex: String = try await pool.scalar(
                    "SELECT (\(PostgresTextArray(awkward)))[\(Int32(index + 1))]"
                )
                #expect(atIndex == element)
            }
            let containsNull: Bool = try await pool.scalar(
                "SELECT array_position(\(PostgresTextArray(awkward)), NULL) IS NOT NULL"
            )
            #expect(!containsNull)

            try await pool.query("CREATE TABLE lists (id int8 PRIMARY KEY, items text[] NOT NULL)")
            try await pool.query("INSERT INTO lists (id, items) VALUES (1, \(PostgresTextArray(awkward)))")
            let stored: PostgresTextArray = try await pool.scalar("SELECT items FROM lists WHERE id = 1")
            #expect(stored == PostgresTextArray(awkward))
        }
    }

    @Test func emptyAndServerBuiltTextArrays() async throws {
        try await withTestPool { pool, _ in
            let empty: PostgresTextArray = try await pool.scalar("SELECT \(PostgresTextArray([]))")
            #expect(empty.elements.isEmpty)
            let emptyLength: Int? = try await pool.scalar("SELECT array_length(\(PostgresTextArray([])), 1)::int8")
            #expect(emptyLength == nil)
            let literal: PostgresTextArray = try await pool.scalar("SELECT '{}'::text[]")
            #expect(literal.elements.isEmpty)
            let single: PostgresTextArray = try await pool.scalar("SELECT \(PostgresTextArray([""]))")
            #expect(single.elements == [""])

            let built: PostgresTextArray = try await pool.scalar(
                #"SELECT ARRAY['a b', 'c"d', E'e\\f', 'g,h', '', 'x']"#
            )
            #expect(built.elements == ["a b", "c\"d", #"e\f"#, "g,h", "", "x"])
        }
    }

    @Test func arrayWithANullElementIsADecodingError() async throws {
        try await withTestPool { pool, _ in
            let error = try await expectPostgresError {
                let _: PostgresTextArray = try await pool.scalar("SELECT ARRAY['a', NULL, 'b']")
            }
            #expect(error.kind == .decoding)
        }
    }
}
