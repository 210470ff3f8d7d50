import CLibPQ
import Glibc

/// One libpq connection. Owns its `PGconn` and finishes it exactly once.
///
/// Every call blocks the calling thread on the network, so a connection is only ever used from
/// the dedicated thread of a `ConnectionWorker`, never from the cooperative pool.
public final class PostgresConnection {
    private let handle: OpaquePointer
    private var statements = PreparedStatementCache()

    /// Connects with a libpq connection string or URI. Sessions run in UTC with ISO dates, which
    /// the decoders rely on, and keep generic plans for prepared statements: every statement here
    /// is a keyed lookup, and a custom plan over hash partitions costs twenty times its execution.
    ///
    /// A host that does not answer is given up after `connect_timeout` seconds (5 unless the
    /// connection string says otherwise) and, in a multi-host string, the next one is tried.
    public init(conninfo: String, applicationName: String = "vouch") throws {
        // Keywords before `dbname` are defaults that the connection string may override; those
        // after it override the string.
        let keywords = ["connect_timeout", "dbname", "options", "application_name"]
        let values = [
            "5", conninfo, "-c TimeZone=UTC -c DateStyle=ISO,YMD -c client_encoding=UTF8 -c plan_cache_mode=force_generic_plan",
            applicationName,
        ]
        let connection = withCStringArray(keywords) { keywordPointers in
            withCStringArray(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let connection else {
            throw PostgresError(kind: .connectionFailed, serverMessage: "out of memory")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresError(kind: .connectionFailed, serverMessage: message)
        }
        // Server notices ("relation already exists, skipping") are not errors; keep them off
        // stderr. One kind matters: a FATAL message while idle is the server ending the session.
        let sessionEnding = UnsafeMutablePointer<Bool>.allocate(capacity: 1)
        sessionEnding.initialize(to: false)
        PQsetNoticeReceiver(connection, Self.noticeReceiver, UnsafeMutableRawPointer(sessionEnding))
        self.handle = connection
        self.sessionEnding = sessionEnding
    }

    deinit {
        PQfinish(handle)
        sessionEnding.deallocate()
    }

    /// Set by the notice receiver when the server announced the end of the session (a FATAL
    /// error outside any statement: `pg_terminate_backend`, a shutdown). Touched only on the
    /// connection's thread.
    private let sessionEnding: UnsafeMutablePointer<Bool>

    private static let noticeReceiver: PQnoticeReceiver = { context, result in
        guard let context, let result, let severity = PQresultErrorField(result, Int32(UInt8(ascii: "V"))) else { return }
        let level = String(cString: severity)
        if level == "FATAL" || level == "PANIC" { context.assumingMemoryBound(to: Bool.self).pointee = true }
    }

    /// The backend's process id, for `pg_terminate_backend` and logs.
    public var backendPID: Int32 { PQbackendPID(handle) }

    /// Whether libpq still considers the connection usable.
    public var isOK: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Whether a transaction failed and awaits its rollback: a `COMMIT` now would roll it back.
    var isInFailedTransaction: Bool { PQtransactionStatus(handle) == PQTRANS_INERROR }

    /// Whether a transaction is open (or failed and not yet rolled back).
    public var isInTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    /// Runs one statement and waits for its result.
    @discardableResult
    public func query(_ query: PostgresQuery) throws -> PostgresRows {
        try Self.checkTextBinds(query)
        let count = Int32(query.binds.count)
        switch statements.plan(for: query) {
        case .unnamed:
            return try checked(
                withParameters(query.binds) { types, values, lengths, formats in
                    PQexecParams(handle, query.sql, count, types, values, lengths, formats, 0)
                }
            )
        case .prepared(let name):
            return try checked(
                withParameters(query.binds) { _, values, lengths, formats in
                    PQexecPrepared(handle, name, count, values, lengths, formats, 0)
                }
            )
        case .prepare(let name, let key):
            _ = try checked(withParameters(query.binds) { types, _, _, _ in PQprepare(handle, name, query.sql, count, types) })
            statements.prepared(name, for: key)
            return try checked(
                withParameters(query.binds) { _, values, lengths, formats in
                    PQexecPrepared(handle, name, count, values, lengths, formats, 0)
                }
            )
        }
    }

    /// Runs a script of several statements with the simple query protocol (no parameters).
    /// For trusted text only: migrations and test set-up.
    public func execute(unsafeScript script: String) throws {
        let result = PQexec(handle, script)
        _ = try checked(result)
    }

    /// Sends every statement at once in libpq's pipeline mode and reads their results: one round
    /// trip for the lot. When one fails, the rest are skipped and its error is thrown.
    public func pipeline(_ queries: [PostgresQuery]) throws -> [PostgresRows] {
        guard PQenterPipelineMode(handle) == 1 else { throw connectionError(.protocolViolation) }
        defer { PQexitPipelineMode(handle) }
        let expected = try sendGroup(queries)
        var results: [PostgresRows] = []
        var firstError: PostgresError?
        for expectation in expected {
            guard let result = PQgetResult(handle) else { throw connectionError(.connectionClosed) }
            // Each statement's result is followed by a NULL that ends it.
            while let extra = PQgetResult(handle) { PQclear(extra) }
            do {
                if let rows = try accept(result, as: expectation) { results.append(rows) }
            } catch let error as PostgresError {
                if firstError == nil { firstError = error }
            }
        }
        try readPipelineSync()
        if let firstError { throw firstError }
        return results
    }

    // MARK: Non-blocking pipeline, driven by `PipelineDriver`

    /// What one result read back belongs to: a statement being prepared, or a query (nil).
    typealias Expectation = (name: String, key: PreparedStatementCache.Key)?

    /// Switches to non-blocking pipeline mode for good: the connection then only serves
    /// pipelined groups through the calls below (`sendGroup` and `accept` serve both modes).
    func enterNonBlockingPipeline() throws {
        guard PQsetnonblocking(handle, 1) == 0, PQenterPipelineMode(handle) == 1 else {
            throw connectionError(.protocolViolation)
        }
    }

    var socket: Int32 { PQsocket(handle) }

    /// Queues a group and its sync point; returns what its results will be.
    func sendGroup(_ queries: [PostgresQuery]) throws -> [Expectation] {
        var expected: [Expectation] = []
        for query in queries { try send(query, expecting: &expected) }
        guard PQpipelineSync(handle) == 1 else { throw connectionError(.connectionClosed) }
        return expected
    }

    /// Writes what it can: 0 when all is sent, 1 when the socket is full, -1 on failure.
    func flush() -> Int32 { PQflush(handle) }

    /// Reads what the socket holds; false when the connection broke.
    func consumeInput() -> Bool { PQconsumeInput(handle) == 1 && isOK }

    /// Takes the `NOTIFY` messages that reads so far brought in, oldest first.
    func takeNotifications() -> [(channel: String, payload: String)] {
        var taken: [(channel: String, payload: String)] = []
        while let notification = PQnotifies(handle) {
            taken.append((String(cString: notification.pointee.relname), String(cString: notification.pointee.extra)))
            PQfreemem(notification)
        }
        return taken
    }

    /// Whether reading a result now would block.
    var isBusy: Bool { PQisBusy(handle) == 1 }

    func nextResult() -> OpaquePointer? { PQgetResult(handle) }

    /// Turns one result into rows (nil for a statement being prepared, which is recorded).
    func accept(_ result: OpaquePointer, as expectation: Expectation) throws -> PostgresRows? {
        let rows = try checked(result)
        guard let expectation else { return rows }
        statements.prepared(expectation.name, for: expectation.key)
        return nil
    }

    /// libpq reads a text parameter up to its first NUL byte, so a string holding one would be
    /// stored cut short without a word. It is refused instead, as Postgres refuses NUL in text.
    static func checkTextBinds(_ query: PostgresQuery) throws {
        for bind in query.binds where !bind.isBinary {
            if let bytes = bind.bytes, bytes.contains(0) {
                throw PostgresError(
                    kind: .invalidParameter,
                    sqlState: .characterNotInRepertoire,
                    serverMessage: "NUL byte in a text parameter"
                )
            }
        }
    }

    /// The error to fail in-flight work with after the connection broke.
    var lostError: PostgresError { connectionError(.connectionClosed) }

    private func send(_ query: PostgresQuery, expecting expected: inout [Expectation]) throws {
        try Self.checkTextBinds(query)
        let count = Int32(query.binds.count)
        let plan = statements.plan(for: query)
        let sent = withParameters(query.binds) { types, values, lengths, formats -> Bool in
            switch plan {
            case .unnamed:
                return PQsendQueryParams(handle, query.sql, count, types, values, lengths, formats, 0) == 1
            case .prepared(let name):
                return PQsendQueryPrepared(handle, name, count, values, lengths, formats, 0) == 1
            case .prepare(let name, _):
                return PQsendPrepare(handle, name, query.sql, count, types) == 1
                    && PQsendQueryPrepared(handle, name, count, values, lengths, formats, 0) == 1
            }
        }
        guard sent else { throw connectionError(.connectionClosed) }
        if case .prepare(let name, let key) = plan { expected.append((name, key)) }
        expected.append(nil)
    }

    /// Checks, without blocking, that the server has not closed the connection while it sat idle
    /// (a restart, `pg_terminate_backend`): reads whatever is waiting on the socket.
    public func isHealthy() -> Bool {
        guard isOK else { return false }
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        // A terminated backend leaves its last message and then end-of-file; one read only gets
        // the message, so keep reading until nothing is waiting. The end-of-file can come later
        // than the message (the backend leaves pg_stat_activity before its socket closes): the
        // message alone already says the session is over.
        while poll(&descriptor, 1, 0) > 0 {
            guard PQconsumeInput(handle) == 1 else { return false }
            while let notice = PQnotifies(handle) { PQfreemem(notice) }
        }
        return isOK && !isInTransaction && !sessionEnding.pointee
    }

    private func readPipelineSync() throws {
        while true {
            guard let result = PQgetResult(handle) else {
                if !isOK { throw connectionError(.connectionClosed) }
                continue
            }
            let status = PQresultStatus(result)
            PQclear(result)
            if status == PGRES_PIPELINE_SYNC { return }
        }
    }

    private func checked(_ result: OpaquePointer?) throws -> PostgresRows {
        guard let result else { throw connectionError(.connectionClosed) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return PostgresRows(result: result)
        case PGRES_PIPELINE_ABORTED:
            PQclear(result)
            throw PostgresError(kind: .server, serverMessage: "skipped: an earlier statement in the pipeline failed")
        default:
            let error = serverError(result)
            PQclear(result)
            throw error
        }
    }

    private func serverError(_ result: OpaquePointer) -> PostgresError {
        func field(_ code: Character) -> String? {
            PQresultErrorField(result, Int32(code.asciiValue!)).map { String(cString: $0) }
        }
        let sqlState = field("C").map(SQLState.init(rawValue:))
        if sqlState == nil && !isOK { return connectionError(.connectionClosed) }
        let kind: PostgresError.Kind = sqlState == .adminShutdown ? .connectionClosed : .server
        return PostgresError(
            kind: kind,
            sqlState: sqlState,
            constraintName: field("n"),
            serverMessage: field("M") ?? String(cString: PQresultErrorMessage(result))
        )
    }

    private func connectionError(_ kind: PostgresError.Kind) -> PostgresError {
        PostgresError(kind: kind, serverMessage: String(cString: PQerrorMessage(handle)))
    }
}

/// Lays the parameters out as the four C arrays libpq wants, valid for the duration of `body`.
/// Text parameters are copied with the NUL libpq reads them up to; binary ones (a document's
/// sealed bytes) are passed where they lie, since libpq copies them into its own buffer anyway.
private func withParameters<R>(
    _ binds: [PostgresBind],
    _ body: (
        UnsafePointer<Oid>?, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?
    ) -> R
) -> R {
    if binds.isEmpty { return body(nil, nil, nil, nil) }
    let types = binds.map { Oid($0.oid) }
    let lengths = binds.map { Int32($0.bytes?.count ?? 0) }
    let formats = binds.map { Int32($0.isBinary ? 1 : 0) }
    var buffers: [UnsafeMutablePointer<CChar>] = []
    defer { for buffer in buffers { buffer.deallocate() } }
    var values: [UnsafePointer<CChar>?] = []
    values.reserveCapacity(binds.count)
    for bind in binds {
        guard let bytes = bind.bytes, !bind.isBinary else {
            values.append(nil)
            continue
        }
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
        bytes.withUnsafeBytes { source in
            UnsafeMutableRawBufferPointer(start: buffer, count: bytes.count).copyMemory(from: source)
        }
        buffer[bytes.count] = 0
        buffers.append(buffer)
        values.append(UnsafePointer(buffer))
    }
    /// Pins each binary parameter's array in turn, then calls `body` with every pointer set.
    func pinBinary(from index: Int, _ values: [UnsafePointer<CChar>?]) -> R {
        guard index < binds.count else { return body(types, values, lengths, formats) }
        guard binds[index].isBinary, let bytes = binds[index].bytes else { return pinBinary(from: index + 1, values) }
        return bytes.withUnsafeBytes { raw in
            var values = values
            // An empty value still needs a pointer: NULL would mean SQL NULL.
            values[index] = raw.baseAddress.map { $0.assumingMemoryBound(to: CChar.self) } ?? UnsafePointer(emptyValue)
            return pinBinary(from: index + 1, values)
        }
    }
    return pinBinary(from: 0, values)
}

/// The value an empty binary parameter points at.
private nonisolated(unsafe) let emptyValue = UnsafeMutablePointer<CChar>.allocate(capacity: 1)

private func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { for pointer in pointers { free(pointer) } }
    let constPointers = pointers.map { UnsafePointer($0) }
    return body(constPointers)
}
