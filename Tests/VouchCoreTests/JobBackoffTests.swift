import Testing

@testable import VouchCore

@Suite("job backoff")
struct JobBackoffTests {
    @Test("the ceiling doubles from one second and stops at five minutes")
    func schedule() {
        #expect(JobBackoff.range(attempt: 1) == 0.5...1)
        #expect(JobBackoff.range(attempt: 2) == 1...2)
        #expect(JobBackoff.range(attempt: 3) == 2...4)
        #expect(JobBackoff.range(attempt: 9) == 128...256)
        #expect(JobBackoff.range(attempt: 10) == 150...300, "2^9 s is past the cap: five minutes")
        #expect(JobBackoff.range(attempt: 40) == 150...300)
    }

    @Test("a try before the first waits as the first does")
    func nonPositiveAttempts() {
        #expect(JobBackoff.range(attempt: 0) == 0.5...1)
        #expect(JobBackoff.range(attempt: -3) == 0.5...1)
    }

    @Test("every delay is drawn from the upper half of its ceiling")
    func drawsStayInRange() {
        for attempt in 1...12 {
            let range = JobBackoff.range(attempt: attempt)
            for _ in 0..<200 {
                let delay = JobBackoff.delay(attempt: attempt)
                #expect(range.contains(delay), "attempt \(attempt): \(delay) outside \(range)")
            }
        }
    }
}
