/// A statement and its bound parameters.
///
/// Written with string interpolation, every interpolated value becomes a `$n` parameter: the value
/// never enters the SQL text.
///
/// ```swift
/// let query: PostgresQuery = "SELECT name FROM applicants WHERE id = \(id)"
/// ```
///
/// Text that must be spliced into SQL (identifiers in migrations) goes through
/// `\(unsafeSQL: …)`, named so that it stands out in review.
public struct PostgresQuery: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public var sql: String
    public var binds: [PostgresBind]

    public init(stringLiteral value: String) {
        self.sql = value
        self.binds = []
    }

    public init(stringInterpolation: Interpolation) {
        self.sql = stringInterpolation.sql
        self.binds = stringInterpolation.binds
    }

    /// A statement built from raw text. Only for trusted text such as migration files.
    public init(unsafeSQL sql: String, binds: [PostgresBind] = []) {
        self.sql = sql
        self.binds = binds
    }

    /// The SQL text only; parameter values are never printed.
    public var description: String { sql }

    public struct Interpolation: StringInterpolationProtocol {
        var sql = ""
        var binds: [PostgresBind] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            binds.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// Binds `value` as the next parameter.
        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            binds.append(value.postgresBind)
            sql += "$\(binds.count)"
        }

        /// Binds `value`, or SQL NULL when it is nil.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            binds.append(value.postgresBind)
            sql += "$\(binds.count)"
        }

        /// Splices text into the statement. Never pass anything derived from input.
        public mutating func appendInterpolation(unsafeSQL text: String) {
            sql += text
        }
    }
}
