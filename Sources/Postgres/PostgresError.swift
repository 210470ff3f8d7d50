/// A five-character SQLSTATE code, as an extensible set of named values.
///
/// Callers match the codes they care about (`.uniqueViolation` → 409) and treat the rest as
/// internal errors.
public struct SQLState: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let uniqueViolation = SQLState(rawValue: "23505")
    public static let foreignKeyViolation = SQLState(rawValue: "23503")
    public static let notNullViolation = SQLState(rawValue: "23502")
    public static let checkViolation = SQLState(rawValue: "23514")
    public static let invalidTextRepresentation = SQLState(rawValue: "22P02")
    /// A NUL byte in text, or a `\u0000` escape in `jsonb`: Postgres stores neither.
    public static let characterNotInRepertoire = SQLState(rawValue: "22021")
    public static let untranslatableCharacter = SQLState(rawValue: "22P05")
    public static let insufficientPrivilege = SQLState(rawValue: "42501")
    public static let undefinedTable = SQLState(rawValue: "42P01")
    public static let serializationFailure = SQLState(rawValue: "40001")
    public static let deadlockDetected = SQLState(rawValue: "40P01")
    public static let lockNotAvailable = SQLState(rawValue: "55P03")
    public static let queryCanceled = SQLState(rawValue: "57014")
    public static let adminShutdown = SQLState(rawValue: "57P01")
    public static let crashShutdown = SQLState(rawValue: "57P02")
    /// A write sent to a server in recovery: after a failover, a connection still open to the old
    /// primary, now a standby.
    public static let readOnlySQLTransaction = SQLState(rawValue: "25006")
    public static let cannotConnectNow = SQLState(rawValue: "57P03")
}

/// An error from the Postgres layer.
///
/// `description` names the kind and the SQLSTATE only: the server's message can quote row values
/// (personal data) and is kept in `serverMessage` for whoever decides it is safe to show.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, broadly.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        /// The server could not be reached or refused the connection.
        public static let connectionFailed = Kind(name: "connection failed")
        /// The connection broke while in use (server restarted, backend terminated).
        public static let connectionClosed = Kind(name: "connection closed")
        /// The server rejected a statement; see `sqlState`.
        public static let server = Kind(name: "server error")
        /// A column could not be decoded into the requested Swift type.
        public static let decoding = Kind(name: "decoding error")
        /// No pooled connection became free within the pool's wait timeout.
        public static let poolTimeout = Kind(name: "pool timeout")
        /// The pool has been shut down.
        public static let poolClosed = Kind(name: "pool closed")
        /// A parameter cannot be sent as it is (a NUL byte in text); nothing was sent.
        public static let invalidParameter = Kind(name: "invalid parameter")
        /// The connection was lost while the transaction was being committed: it may have been
        /// committed or not, and only what it wrote can tell.
        public static let commitOutcomeUnknown = Kind(name: "commit outcome unknown")
        /// libpq reported a state the layer did not expect.
        public static let protocolViolation = Kind(name: "protocol violation")
    }

    public var kind: Kind
    public var sqlState: SQLState?
    /// The constraint a violation names, when the server reports one.
    public var constraintName: String?
    /// The server's or libpq's own text. May contain data values: do not log it blindly.
    public var serverMessage: String

    public init(kind: Kind, sqlState: SQLState? = nil, constraintName: String? = nil, serverMessage: String = "") {
        self.kind = kind
        self.sqlState = sqlState
        self.constraintName = constraintName
        self.serverMessage = serverMessage
    }

    public var description: String {
        if let sqlState { return "PostgresError(\(kind), sqlstate \(sqlState))" }
        return "PostgresError(\(kind))"
    }

    /// Whether a value could not be stored because of the characters it holds (a NUL byte):
    /// bad input, not a fault of the database.
    public var isUnstorableText: Bool {
        sqlState == .characterNotInRepertoire || sqlState == .untranslatableCharacter
    }

    /// Whether the database could not be reached in time (lost, refused, or no free connection):
    /// worth a retry later, unlike an error in the statement itself.
    public var isUnavailable: Bool { isConnectionLoss || kind == .poolTimeout }

    /// Whether the connection this error came from can no longer be used: the server went away,
    /// or it is a standby now and refuses writes. The pool then connects anew, and a multi-host
    /// connection string (`target_session_attrs=read-write`) leads it to the new primary.
    public var isConnectionLoss: Bool {
        kind == .connectionFailed || isSessionLoss || kind == .commitOutcomeUnknown || sqlState == .readOnlySQLTransaction
    }

    /// Whether an open session ended under the caller: the connection closed, or the server
    /// ended it (a shutdown, a crash). What was sent last may or may not have been carried out.
    public var isSessionLoss: Bool {
        kind == .connectionClosed || sqlState == .adminShutdown || sqlState == .crashShutdown
    }
}
