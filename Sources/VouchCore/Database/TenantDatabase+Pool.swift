import Postgres
import ServiceLifecycle

extension TenantDatabase {
    /// A database on a pool of its own: at most `maximumConnections` connections to `url` (a
    /// libpq connection string or `postgresql://` URI), `pipelineConnections` of them for
    /// pipelined statements, on threads with nice value `threadNiceness` (above 0 for a pool
    /// that serves background work).
    public init(url: String, maximumConnections: Int, pipelineConnections: Int, threadNiceness: Int32 = 0) {
        self.init(
            pool: PostgresPool(
                configuration: PostgresPoolConfiguration(
                    conninfo: url,
                    maximumConnections: maximumConnections,
                    pipelineConnections: pipelineConnections,
                    threadNiceness: threadNiceness
                )
            )
        )
    }

    /// Closes the pool's connections; for callers that never ran it as a service.
    public func close() {
        pool.close()
    }
}

/// The pool lives as long as the service group: it closes its connections at graceful shutdown.
extension TenantDatabase: Service {
    public func run() async throws {
        try await pool.run()
    }
}
