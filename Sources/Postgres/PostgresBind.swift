/// One bound parameter as it goes over the wire: a type OID, a format and the bytes (nil is SQL NULL).
public struct PostgresBind: Sendable, Equatable {
    /// The parameter's type OID; 0 lets the server infer it from the statement.
    public var oid: UInt32
    /// Binary (true) or text (false) format.
    public var isBinary: Bool
    public var bytes: [UInt8]?

    public init(oid: UInt32, isBinary: Bool = false, bytes: [UInt8]?) {
        self.oid = oid
        self.isBinary = isBinary
        self.bytes = bytes
    }

    /// A text-format parameter.
    public static func text(_ string: String, oid: UInt32 = 0) -> PostgresBind {
        PostgresBind(oid: oid, bytes: Array(string.utf8))
    }

    /// SQL NULL of an inferred type.
    public static let null = PostgresBind(oid: 0, bytes: nil)
}

/// Well-known type OIDs (from `pg_type`).
public enum PostgresOID {
    public static let bool: UInt32 = 16
    public static let bytea: UInt32 = 17
    public static let int8: UInt32 = 20
    public static let int2: UInt32 = 21
    public static let int4: UInt32 = 23
    public static let text: UInt32 = 25
    public static let json: UInt32 = 114
    public static let float8: UInt32 = 701
    public static let textArray: UInt32 = 1009
    public static let varchar: UInt32 = 1043
    public static let date: UInt32 = 1082
    public static let timestamp: UInt32 = 1114
    public static let timestamptz: UInt32 = 1184
    public static let uuid: UInt32 = 2950
    public static let jsonb: UInt32 = 3802
}
