import Testing

@testable import VouchCore

@Suite("webhook retry schedule")
struct WebhookRetryTests {
    let retry = WebhookRetry(schedule: WebhookSenderConfiguration().retrySchedule)

    func failure(status: Int? = 500, retryAfter: Int? = nil) -> AttemptOutcome {
        AttemptOutcome(statusCode: status, latencyMilliseconds: 10, error: "http_500", retryAfterSeconds: retryAfter)
    }

    @Test("each failed try waits the schedule's pause for it, then the delivery is dead")
    func schedule() {
        let pauses: [Double] = [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400]
        for (index, pause) in pauses.enumerated() {
            #expect(retry.delay(after: index + 1, outcome: failure(), jitter: 1) == pause)
        }
        #expect(retry.delay(after: pauses.count + 1, outcome: failure(), jitter: 1) == nil, "the schedule is spent")
        #expect(WebhookSenderConfiguration().maximumAttempts == pauses.count + 1)
    }

    @Test("the pause is scaled by the jitter, within ten percent")
    func jitter() {
        #expect(WebhookRetry.jitter == 0.9...1.1)
        #expect(retry.delay(after: 2, outcome: failure(), jitter: 0.9) == 270)
        #expect(retry.delay(after: 2, outcome: failure(), jitter: 1.1) == 330)
    }

    @Test("Retry-After holds the delivery longer than the schedule would")
    func retryAfterHolds() {
        #expect(retry.delay(after: 1, outcome: failure(status: 429, retryAfter: 120), jitter: 1) == 120)
        #expect(retry.delay(after: 1, outcome: failure(status: 503, retryAfter: 86400), jitter: 1.1) == 86400)
    }

    @Test("Retry-After never brings a retry forward")
    func retryAfterShorter() {
        #expect(retry.delay(after: 3, outcome: failure(status: 429, retryAfter: 1), jitter: 1) == 1800)
        #expect(retry.delay(after: 3, outcome: failure(status: 429, retryAfter: 0), jitter: 0.9) == 1620)
    }

    @Test("a delivered or gone delivery is not retried")
    func done() {
        #expect(retry.delay(after: 1, outcome: failure(status: 200), jitter: 1) == nil)
        #expect(retry.delay(after: 1, outcome: failure(status: 204), jitter: 1) == nil)
        #expect(retry.delay(after: 1, outcome: failure(status: 410, retryAfter: 60), jitter: 1) == nil)
    }

    @Test("a transport failure with no status is retried")
    func noStatus() {
        #expect(retry.delay(after: 1, outcome: failure(status: nil), jitter: 1) == 5)
    }
}
