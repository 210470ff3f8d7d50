import Postgres

/// What an error from the database layer means to a caller that does not know that layer (the
/// HTTP layer answers each with its own problem).
public enum DatabaseFailure: Sendable, Equatable {
    /// The database cannot be reached, dropped the connection, or no connection came free in time.
    case unavailable
    /// The database cannot store the text it was given (a character outside its encoding).
    case unstorableText

    /// The failure `error` is, or nil when it is not a database error of either kind.
    public init?(_ error: any Error) {
        // TenantDatabase reports an unreachable database as the domain's error.
        if case VouchError.databaseUnavailable = error {
            self = .unavailable
            return
        }
        guard let error = error as? PostgresError else { return nil }
        if error.isUnavailable {
            self = .unavailable
        } else if error.isUnstorableText {
            self = .unstorableText
        } else {
            return nil
        }
    }

    /// The kind and SQLSTATE of a database error, never its message (which may quote the data);
    /// nil when `error` is not a database error.
    public static func summary(of error: any Error) -> String? {
        (error as? PostgresError)?.description
    }
}
