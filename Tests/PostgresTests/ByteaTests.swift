import Foundation
import Postgres
import Testing

/// `bytea` through `[UInt8]` and `Data`.
@Suite struct ByteaTests {
    static let everyByte = (0...255).map { UInt8($0) }

    @Test func everyByteValueAsArray() async throws {
        try await withTestPool { pool, _ in
            let back: [UInt8] = try await pool.scalar("SELECT \(Self.everyByte)")
            #expect(back == Self.everyByte)
            let length: Int = try await pool.scalar("SELECT length(\(Self.everyByte))::int8")
            #expect(length == 256)
            let first: Int = try await pool.scalar("SELECT get_byte(\(Self.everyByte), 0)::int8")
            let last: Int = try await pool.scalar("SELECT get_byte(\(Self.everyByte), 255)::int8")
            #expect(first == 0)
            #expect(last == 255)
            let reversed: [UInt8] = try await pool.scalar("SELECT \(Array(Self.everyByte.reversed()))")
            #expect(reversed == Self.everyByte.reversed())
        }
    }

    @Test func everyByteValueAsData() async throws {
        try await withTestPool { pool, _ in
            let data = Data(Self.everyByte)
            try await pool.query("CREATE TABLE blobs (id int8 PRIMARY KEY, body bytea NOT NULL)")
            try await pool.query("INSERT INTO blobs (id, body) VALUES (1, \(data))")
            let back: Data = try await pool.scalar("SELECT body FROM blobs WHERE id = 1")
            #expect(back == data)
            let hex: String = try await pool.scalar("SELECT encode(body, 'hex') FROM blobs WHERE id = 1")
            #expect(hex == Self.everyByte.map { String(format: "%02x", $0) }.joined())
        }
    }

    @Test func emptyByteArrayIsNotNull() async throws {
        try await withTestPool { pool, _ in
            let rows = try await pool.query("SELECT \([UInt8]()), \([UInt8]()) IS NULL")
            let (bytes, isNull) = try rows[0].decode([UInt8].self, Bool.self)
            #expect(bytes == [])
            #expect(!isNull)
        }
    }

    @Test func oneMebibyteOfRandomBytes() async throws {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<(1 << 20)).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        try await withTestPool { pool, _ in
            try await pool.query("CREATE TABLE blobs (id int8 PRIMARY KEY, body bytea NOT NULL)")
            try await pool.query("INSERT INTO blobs (id, body) VALUES (1, \(bytes)), (2, \(Data(bytes)))")
            let rows = try await pool.query("SELECT id, body, length(body)::int8 FROM blobs ORDER BY id")
            #expect(rows.count == 2)
            let (_, asArray, length) = try rows[0].decode(Int.self, [UInt8].self, Int.self)
            #expect(length == 1 << 20)
            #expect(asArray == bytes)
            let asData: Data = try rows[1].decode(column: 1)
            #expect(asData == Data(bytes))
            let same: Bool = try await pool.scalar("SELECT (SELECT body FROM blobs WHERE id = 1) = \(bytes)")
            #expect(same)
        }
    }

    @Test func textThatIsNotHexByteaIsADecodingError() async throws {
        try await withTestPool { pool, _ in
            let error = try await expectPostgresError {
                let _: [UInt8] = try await pool.scalar("SELECT 'plain text'")
            }
            #expect(error.kind == .decoding)
        }
    }
}
