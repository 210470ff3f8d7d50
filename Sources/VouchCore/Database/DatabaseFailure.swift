import Postgres

/// What an error from the database layer means to a caller that does not know that layer (the
/// HTTP layer answers each with its own problem).
public enum DatabaseFailure: Sendable, Equatable {
    /// The database cannot be reached, dropped the connection, or no connection came free in time.
    case unavailable
    /// The database went away while a write was being committed: it may or may not have taken
    /// effect (answered like `unavailable`, but a retry must not simply run again).
    case outcomeUnknown
    /// The database cannot store the text it was given (a character outside its encoding).
    case unstorableText

    /// Whether the database went away (the request may succeed once it is back).
    public var isOutage: Bool { self == .unavailable || self == .outcomeUnknown }

    /// The failure `error` is, or nil when it is not a database error of either kind.
    public init?(_ error: any Error) {
        // TenantDatabase reports an unreachable database as the domain's errors.
        switch error {
        case VouchError.databaseUnavailable:
            self = .unavailable
            return
        case VouchError.databaseOutcomeUnknown:
            self = .outcomeUnknown
            return
        default: break
        }
        guard let error = error as? PostgresError else { return nil }
        if error.kind == .commitOutcomeUnknown {
            self = .outcomeUnknown
        } else if error.isUnavailable {
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
