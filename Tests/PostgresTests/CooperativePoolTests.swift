import Postgres
import TestSupport
import Testing

/// Statements wait on the connections' own threads, never on the cooperative pool's.
@Suite struct CooperativePoolTests {
    @Test func slowStatementsDoNotBlockSwiftConcurrency() async throws {
        try await withTestPool(maximumConnections: 8) { pool, _ in
            let ticker = Ticker()

            let clock = ContinuousClock()
            let start = clock.now
            let finished = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await pool.query("SELECT pg_sleep(3)")
                        return 1
                    }
                }
                return try await group.reduce(0, +)
            }
            let elapsed = clock.now - start
            let ticks = await ticker.stop()

            #expect(finished == 8)
            // Together they take three seconds; on two cooperative threads blocked in turn,
            // twelve. The bound leaves room for a loaded machine and still tells them apart.
            #expect(elapsed < .seconds(8), "8 × pg_sleep(3) on 8 connections took \(elapsed)")
            // Blocked threads would leave the ticker at 0 for the whole second; other suites
            // running in parallel slow it, so ask only for steady progress.
            #expect(ticks >= 3, "the ticker made only \(ticks) iterations during the batch")
            #expect(pool.openConnections <= 8)
        }
    }
}
