/// Decides which statements a connection prepares, and remembers their names.
///
/// A statement run a second time is prepared (as psycopg does past its `prepare_threshold`):
/// the server then parses and plans it once, which for joins over partitioned tables costs far
/// more than executing it. One-off statements stay unnamed. Only plannable statements qualify.
struct PreparedStatementCache {
    struct Key: Hashable {
        var sql: String
        var parameterTypes: [UInt32]
    }

    enum Plan {
        /// Parse, bind and execute in one go, unnamed.
        case unnamed
        /// Execute the statement already prepared under this name.
        case prepared(String)
        /// Prepare under this name first, then execute it.
        case prepare(String, Key)
    }

    private var names: [Key: String] = [:]
    private var executions: [Key: Int] = [:]
    private var nextNumber = 0
    let threshold: Int
    let capacity: Int

    init(threshold: Int = 2, capacity: Int = 512) {
        self.threshold = threshold
        self.capacity = capacity
    }

    mutating func plan(for query: PostgresQuery) -> Plan {
        let key = Key(sql: query.sql, parameterTypes: query.binds.map(\.oid))
        if let name = names[key] { return .prepared(name) }
        guard Self.isPlannable(query.sql), names.count < capacity else { return .unnamed }
        let seen = executions[key, default: 0] + 1
        guard seen >= threshold else {
            if executions.count >= capacity * 4 { executions.removeAll(keepingCapacity: true) }
            executions[key] = seen
            return .unnamed
        }
        executions[key] = nil
        nextNumber += 1
        return .prepare("vouch_\(nextNumber)", key)
    }

    /// Records a statement the server accepted for preparing.
    mutating func prepared(_ name: String, for key: Key) {
        names[key] = name
    }

    static func isPlannable(_ sql: String) -> Bool {
        let head = sql.drop(while: { $0.isWhitespace }).prefix(6).uppercased()
        return ["SELECT", "INSERT", "UPDATE", "DELETE", "WITH"].contains { head.hasPrefix($0) }
    }
}
