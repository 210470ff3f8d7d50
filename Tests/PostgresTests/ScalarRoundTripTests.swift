import Foundation
import Postgres
import Testing

/// Scalars bound as parameters and read back from text-format results.
@Suite struct ScalarRoundTripTests {
    @Test func stringsAreStoredVerbatimAndNeverSpliced() async throws {
        let samples = [
            "",
            "plain",
            "'; DROP TABLE t; --",
            "Robert'); DROP TABLE t;--",
            "$1 $2 \\x00 \\' \"quoted\"",
            "Zoë Ångström — naïve café",
            "日本語のテキスト",
            "👩‍👩‍👧‍👦 🇺🇦 e\u{301}",
            "line one\nline two\ttabbed\r\n",
        ]
        try await withTestPool { pool, _ in
            try await pool.query("CREATE TABLE t (id int8 PRIMARY KEY, v text NOT NULL)")
            for (index, sample) in samples.enumerated() {
                let insert: PostgresQuery = "INSERT INTO t (id, v) VALUES (\(index), \(sample))"
                #expect(insert.sql == "INSERT INTO t (id, v) VALUES ($1, $2)")
                #expect(insert.binds.count == 2)
                #expect(!insert.description.contains("DROP"))
                let rows = try await pool.query(insert)
                #expect(rows.affectedRows == 1)
            }
            let rows = try await pool.query("SELECT id, v FROM t ORDER BY id")
            let stored = try rows.map { try $0.decode(column: 1, as: String.self) }
            #expect(stored == samples)
            // The table survived the hostile value, and the server saw it as one string.
            let count: Int = try await pool.scalar("SELECT count(*)::int8 FROM t WHERE v = \("'; DROP TABLE t; --")")
            #expect(count == 1)
            let length: Int = try await pool.scalar("SELECT char_length(\("Zoë")::text)::int8")
            #expect(length == 3)
        }
    }

    @Test func integers() async throws {
        try await withTestPool { pool, _ in
            for value in [Int.min, -1, 0, 1, 42, Int.max] {
                let back: Int = try await pool.scalar("SELECT \(value)")
                #expect(back == value)
                let type: String = try await pool.scalar("SELECT pg_typeof(\(value))::text")
                #expect(type == "bigint")
            }
            for value in [Int32.min, -7, 0, Int32.max] {
                let back: Int32 = try await pool.scalar("SELECT \(value)")
                #expect(back == value)
                let doubled: Int = try await pool.scalar("SELECT \(value)::int8 * 2")
                #expect(doubled == Int(value) * 2)
            }
            let type: String = try await pool.scalar("SELECT pg_typeof(\(Int32(1)))::text")
            #expect(type == "integer")
            let int64: Int64 = try await pool.scalar("SELECT \(Int64.min)")
            #expect(int64 == Int64.min)
        }
    }

    @Test func booleans() async throws {
        try await withTestPool { pool, _ in
            for value in [true, false] {
                let back: Bool = try await pool.scalar("SELECT \(value)")
                #expect(back == value)
                let negated: Bool = try await pool.scalar("SELECT NOT \(value)")
                #expect(negated == !value)
            }
            let fromServer: Bool = try await pool.scalar("SELECT 1 < 2")
            #expect(fromServer)
        }
    }

    @Test func doubles() async throws {
        let samples: [Double] = [
            0, -0.0, 0.1, -2.5, .pi, 1e-300, -1.7976931348623157e308, .leastNonzeroMagnitude, 123_456_789.123_456_79,
            .infinity, -.infinity,
        ]
        try await withTestPool { pool, _ in
            for value in samples {
                let back: Double = try await pool.scalar("SELECT \(value)")
                #expect(back == value, "\(value)")
                #expect(back.sign == value.sign, "\(value)")
            }
            let nan: Double = try await pool.scalar("SELECT \(Double.nan)")
            #expect(nan.isNaN)
            let sum: Double = try await pool.scalar("SELECT \(0.5) + \(0.25)")
            #expect(sum == 0.75)
        }
    }

    @Test func uuids() async throws {
        try await withTestPool { pool, _ in
            for _ in 0..<5 {
                let id = UUID()
                let back: UUID = try await pool.scalar("SELECT \(id)")
                #expect(back == id)
                let text: String = try await pool.scalar("SELECT \(id)::text")
                #expect(text == id.uuidString.lowercased())
            }
            let fixed = UUID(uuidString: "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")!
            let fromServer: UUID = try await pool.scalar("SELECT 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid")
            #expect(fromServer == fixed)
        }
    }
}
