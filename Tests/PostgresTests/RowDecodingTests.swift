import Base
import Foundation
import Postgres
import Testing

/// NULL handling, tuple decoding and decoding by column name.
@Suite struct RowDecodingTests {
    @Test func nullDecodesIntoOptionalAsNil() async throws {
        try await withTestPool { pool, _ in
            let rows = try await pool.query(
                "SELECT NULL::text, NULL::int8, NULL::bool, NULL::uuid, NULL::timestamptz, NULL::bytea, NULL::date"
            )
            let row = rows[0]
            #expect(try row.decode(column: 0, as: String?.self) == nil)
            #expect(try row.decode(column: 1, as: Int?.self) == nil)
            #expect(try row.decode(column: 2, as: Bool?.self) == nil)
            #expect(try row.decode(column: 3, as: UUID?.self) == nil)
            #expect(try row.decode(column: 4, as: Date?.self) == nil)
            #expect(try row.decode(column: 5, as: [UInt8]?.self) == nil)
            #expect(try row.decode(column: 6, as: CivilDate?.self) == nil)

            let present: String? = try await pool.scalar("SELECT 'here'")
            #expect(present == "here")
        }
    }

    @Test func nullIntoANonOptionalThrowsDecoding() async throws {
        try await withTestPool { pool, _ in
            let rows = try await pool.query("SELECT NULL::text, NULL::int8")
            let textError = try await expectPostgresError { _ = try rows[0].decode(column: 0, as: String.self) }
            #expect(textError.kind == .decoding)
            let intError = try await expectPostgresError { _ = try rows[0].decode(column: 1, as: Int.self) }
            #expect(intError.kind == .decoding)
        }
    }

    @Test func nilOptionalBindsAsNull() async throws {
        try await withTestPool { pool, _ in
            let missingText: String? = nil
            let missingNumber: Int? = nil
            let someNumber: Int? = 5
            let rows = try await pool.query(
                "SELECT \(missingText)::text IS NULL, \(missingNumber)::int8 IS NULL, \(someNumber) + 1"
            )
            let (textIsNull, numberIsNull, six) = try rows[0].decode(Bool.self, Bool.self, Int.self)
            #expect(textIsNull)
            #expect(numberIsNull)
            #expect(six == 6)
        }
    }

    @Test func tupleAndNamedDecoding() async throws {
        try await withTestPool { pool, _ in
            let id = UUID()
            let rows = try await pool.query(
                "SELECT \(id) AS id, 'Ada' AS name, 36::int8 AS age, NULL::text AS nickname, true AS active"
            )
            let row = try #require(rows.first)
            let (decodedID, name) = try row.decode(UUID.self, String.self)
            #expect(decodedID == id)
            #expect(name == "Ada")
            let (_, _, age, nickname, active) = try row.decode(UUID.self, String.self, Int.self, String?.self, Bool.self)
            #expect(age == 36)
            #expect(nickname == nil)
            #expect(active)

            #expect(try row.decode("name", as: String.self) == "Ada")
            #expect(try row.decode("age", as: Int.self) == 36)
            #expect(try row.decode("id", as: UUID.self) == id)
            #expect(try row.decode("nickname", as: String?.self) == nil)
            let byName: Bool = try row.decode("active")
            #expect(byName)

            let unknown = try await expectPostgresError { _ = try row.decode("missing", as: String.self) }
            #expect(unknown.kind == .decoding)
            let outOfRange = try await expectPostgresError { _ = try row.decode(column: 9, as: String.self) }
            #expect(outOfRange.kind == .decoding)
        }
    }

    @Test func multipleRowsAndAffectedRows() async throws {
        try await withTestPool { pool, _ in
            try await pool.query("CREATE TABLE numbers (n int8 NOT NULL)")
            let inserted = try await pool.query("INSERT INTO numbers SELECT generate_series(1, 5)")
            #expect(inserted.affectedRows == 5)
            let rows = try await pool.query("SELECT n FROM numbers ORDER BY n DESC")
            #expect(rows.count == 5)
            #expect(rows.columnCount == 1)
            #expect(try rows.map { try $0.decode(column: 0, as: Int.self) } == [5, 4, 3, 2, 1])
            let deleted = try await pool.query("DELETE FROM numbers WHERE n > \(3)")
            #expect(deleted.affectedRows == 2)
            let none = try await pool.query("SELECT n FROM numbers WHERE false")
            #expect(none.isEmpty)
        }
    }

    @Test func mismatchedTypesThrowDecoding() async throws {
        try await withTestPool { pool, _ in
            let rows = try await pool.query("SELECT 'abc', 'maybe', 'not-a-uuid', '2024-02-30', 'yesterday'")
            let row = rows[0]
            #expect(try await expectPostgresError { _ = try row.decode(column: 0, as: Int.self) }.kind == .decoding)
            #expect(try await expectPostgresError { _ = try row.decode(column: 1, as: Bool.self) }.kind == .decoding)
            #expect(try await expectPostgresError { _ = try row.decode(column: 2, as: UUID.self) }.kind == .decoding)
            #expect(
                try await expectPostgresError { _ = try row.decode(column: 3, as: CivilDate.self) }.kind
                    == .decoding
            )
            #expect(try await expectPostgresError { _ = try row.decode(column: 4, as: Date.self) }.kind == .decoding)
        }
    }
}
