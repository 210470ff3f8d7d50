import Base

/// A calendar date without time or zone is a `date`, as `YYYY-MM-DD` text.
extension CivilDate: PostgresEncodable, PostgresDecodable {
    public var postgresBind: PostgresBind { .text(description, oid: PostgresOID.date) }

    public init(postgresText bytes: UnsafeBufferPointer<UInt8>, oid: UInt32) throws {
        guard let date = CivilDate(String(decoding: bytes, as: UTF8.self)) else {
            throw PostgresError(kind: .decoding, serverMessage: "invalid date")
        }
        self = date
    }
}
