import ServiceLifecycle

extension PostgresPool: Service {
    /// Keeps the pool open until graceful shutdown, then closes its connections.
    public func run() async throws {
        try? await gracefulShutdown()
        close()
    }
}
