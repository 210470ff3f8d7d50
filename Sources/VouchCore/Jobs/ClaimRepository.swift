import Postgres

/// What a stopping claimant gives back: its unfinished jobs and webhook deliveries, across
/// tenants, in one statement (`release_claims`), whichever loop it ran.
public struct ClaimRepository: Sendable {
    let database: UnscopedDatabase

    public init(database: UnscopedDatabase) {
        self.database = database
    }

    /// Hands `claimant`'s claims back to their queues, ready at once, the interrupted try not
    /// counted. Returns how many.
    public func release(of claimant: String) async throws -> Int {
        let rows = try await database.query("SELECT release_claims(\(claimant))")
        return try rows.first?.decode(column: 0, as: Int.self) ?? 0
    }
}
