import CLibPQ

/// The rows a statement returned. Owns its `PGresult` and frees it exactly once.
///
/// A result is immutable once libpq has built it, so it may be read on any thread.
public final class PostgresRows: @unchecked Sendable, RandomAccessCollection {
    let result: OpaquePointer?
    /// The number of rows the statement affected (`INSERT`, `UPDATE`, `DELETE`), or 0.
    public let affectedRows: Int

    init(result: OpaquePointer?) {
        self.result = result
        self.affectedRows = result.map { Int(String(cString: PQcmdTuples($0))) ?? 0 } ?? 0
    }

    /// The position of the column called `name` (looked up by libpq only when asked).
    func columnIndex(_ name: String) -> Int? {
        guard let result else { return nil }
        let index = Int(PQfnumber(result, "\"\(name)\""))
        return index >= 0 ? index : nil
    }

    deinit {
        if let result { PQclear(result) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { result.map { Int(PQntuples($0)) } ?? 0 }
    public subscript(position: Int) -> PostgresRow { PostgresRow(rows: self, index: position) }
    public var columnCount: Int { result.map { Int(PQnfields($0)) } ?? 0 }
}

/// One row of a result.
public struct PostgresRow: Sendable {
    let rows: PostgresRows
    let index: Int

    /// Decodes the column at `column` (0-based). NULL decodes only into an `Optional`.
    public func decode<T: PostgresDecodable>(column: Int, as type: T.Type = T.self) throws -> T {
        guard let result = rows.result, column < rows.columnCount else {
            throw PostgresError(kind: .decoding, serverMessage: "no column \(column)")
        }
        let row = Int32(index)
        let col = Int32(column)
        if PQgetisnull(result, row, col) == 1 {
            if let optional = T.self as? any OptionalDecodable.Type { return optional.null as! T }
            throw PostgresError(kind: .decoding, serverMessage: "unexpected NULL in column \(column)")
        }
        let length = Int(PQgetlength(result, row, col))
        let oid = UInt32(PQftype(result, col))
        return try PQgetvalue(result, row, col).withMemoryRebound(to: UInt8.self, capacity: length) {
            try T(postgresText: UnsafeBufferPointer(start: $0, count: length), oid: oid)
        }
    }

    /// Decodes the column named `name`.
    public func decode<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let column = rows.columnIndex(name) else {
            throw PostgresError(kind: .decoding, serverMessage: "no column \(name)")
        }
        return try decode(column: column, as: type)
    }

    /// Decodes the leading columns into a tuple: `let (id, name) = try row.decode(UUID.self, String.self)`.
    public func decode<each T: PostgresDecodable>(_ types: repeat (each T).Type) throws -> (repeat each T) {
        var column = 0
        func next<U: PostgresDecodable>(_ type: U.Type) throws -> U {
            defer { column += 1 }
            return try decode(column: column, as: type)
        }
        return (repeat try next(each types))
    }
}

/// Lets `Optional` decode SQL NULL as `nil` while other types refuse it.
protocol OptionalDecodable {
    static var null: Self { get }
}

extension Optional: OptionalDecodable {
    static var null: Self { .none }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public init(postgresText bytes: UnsafeBufferPointer<UInt8>, oid: UInt32) throws {
        self = .some(try Wrapped(postgresText: bytes, oid: oid))
    }
}
