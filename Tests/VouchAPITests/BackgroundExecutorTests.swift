import Testing
import VouchCore

@Suite("Background work runs at a lower priority than requests")
struct BackgroundExecutorTests {
    @Test("work preferring the background executor runs on its threads, niced; its child tasks too")
    func niced() async {
        let executor = BackgroundExecutor(threads: 2, niceness: 10)
        #expect(BackgroundExecutor.currentNiceness == 0, "the cooperative threads keep their priority")
        let seen = await withTaskExecutorPreference(executor) {
            await withTaskGroup(of: Int32.self) { group in
                for _ in 0..<8 { group.addTask { BackgroundExecutor.currentNiceness } }
                return await group.reduce(into: [BackgroundExecutor.currentNiceness]) { $0.append($1) }
            }
        }
        #expect(seen.count == 9)
        #expect(seen.allSatisfy { $0 == 10 }, "\(seen)")
        #expect(BackgroundExecutor.currentNiceness == 0)
    }
}
