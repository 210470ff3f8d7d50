/// An open transaction on one connection, used synchronously on the connection's own thread.
///
/// `BEGIN` and the caller's prelude (such as setting the tenant) are not sent on their own: they
/// travel in one pipeline with the first statement, and `finish(with:)` adds `COMMIT` to the last
/// one, so a single-statement transaction costs one round trip.
public final class PostgresTransaction {
    let connection: PostgresConnection
    private var pending: [PostgresQuery]
    private(set) var isFinished = false

    init(connection: PostgresConnection, prelude: [PostgresQuery]) {
        self.connection = connection
        self.pending = ["BEGIN"] + prelude
    }

    /// Runs a statement inside the transaction.
    @discardableResult
    public func query(_ query: PostgresQuery) throws -> PostgresRows {
        precondition(!isFinished, "transaction already finished")
        if pending.isEmpty { return try connection.query(query) }
        let batch = pending + [query]
        pending = []
        return try connection.pipeline(batch).last!
    }

    /// Runs the last statement and commits in the same round trip.
    ///
    /// When nothing has been sent yet, the prelude and the statement go without `BEGIN` and
    /// `COMMIT`: statements pipelined up to one sync point already run as one implicit
    /// transaction, which commits at the sync (or rolls back if any of them fails).
    @discardableResult
    public func finish(with query: PostgresQuery) throws -> PostgresRows {
        precondition(!isFinished, "transaction already finished")
        isFinished = true
        if pending.first == "BEGIN" {
            let batch = pending.dropFirst() + [query]
            pending = []
            return try Self.committing { try connection.pipeline(Array(batch)).last! }
        }
        let batch = pending + [query, "COMMIT"]
        pending = []
        let results = try Self.committing { try connection.pipeline(batch) }
        return results[results.count - 2]
    }

    /// Runs what commits the transaction; a connection lost meanwhile leaves its outcome unknown.
    private static func committing<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PostgresError where error.isSessionLoss {
            throw PostgresError(kind: .commitOutcomeUnknown, serverMessage: error.serverMessage)
        }
    }

    func commit() throws {
        guard !isFinished else { return }
        isFinished = true
        guard pending.isEmpty else { return }
        // The server answers COMMIT of a failed transaction with a rollback, not an error.
        if connection.isInFailedTransaction {
            _ = try? connection.query("ROLLBACK")
            throw PostgresError(
                kind: .server,
                sqlState: SQLState(rawValue: "25P02"),
                serverMessage: "the transaction failed earlier and was rolled back"
            )
        }
        try Self.committing { _ = try connection.query("COMMIT") }
    }

    func rollback() {
        guard !isFinished else { return }
        isFinished = true
        if pending.isEmpty { _ = try? connection.query("ROLLBACK") }
    }
}
