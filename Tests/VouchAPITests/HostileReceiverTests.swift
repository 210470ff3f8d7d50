import Foundation
import HTTPTransport
import HummingbirdTesting
import TestSupport
import Testing
import VouchAPI
import VouchCore

/// A tenant's own webhook endpoint answering whatever it likes must not take the sender, or the
/// process every tenant shares, down with it.
@Suite("Hostile webhook receivers")
struct HostileReceiverTests {
    @Test("Retry-After of ten trillion seconds is held to a day: recorded, no trap, the server goes on")
    func hugeRetryAfter() async throws {
        try await Self.withEndpoint(answering: ["retry-after:10000000000000"]) { app, client, endpoint, _ in
            let key = app.acme.apiKey
            let before = Date()
            _ = try await client.createApplicant(key: key)
            #expect(
                try await eventually {
                    try await client.deliveries(endpoint.id, key: key).first?["attempts"].map { ($0 as? [Any])?.count == 1 } == true
                }
            )
            let delivery = try #require(try await client.deliveries(endpoint.id, key: key).first)
            #expect(delivery["state"] as? String == "pending")
            let next = try #require((delivery["next_attempt_at"] as? String).flatMap(Self.parseTimestamp))
            // Upper slack for a loaded machine: the delivery is made some seconds after `before`.
            #expect(next.timeIntervalSince(before) <= 86_400 + 60, "held to a day")
            #expect(next.timeIntervalSince(before) >= 86_400 - 5, "and taken at its word up to a day")
            // The same process still answers every tenant.
            #expect(try await client.send(.get, "/v1/applicants", key: app.globex.apiKey).status == .ok)
            _ = try await client.createApplicant(key: app.globex.apiKey)
        }
    }

    @Test("a negative, overlong or non-numeric Retry-After is a retry on the schedule, then delivered")
    func junkRetryAfter() async throws {
        let script = ["retry-after:-5", "retry-after:99999999999999999999999999", "retry-after:1e99"]
        try await Self.withEndpoint(answering: script) { app, client, endpoint, receiver in
            let key = app.acme.apiKey
            _ = try await client.createApplicant(key: key)
            // The overlong number is held to a day like any long wait; the others are ignored.
            let got = try await receiver.waitFor(2)
            #expect(got.map(\.action) == ["retry-after:-5", "retry-after:99999999999999999999999999"])
            // The receiver sees the request before the sender has recorded the answer.
            let next = try await poll(within: .seconds(30), "the long wait was not recorded") { () async throws -> Date? in
                let delivery = try await client.deliveries(endpoint.id, key: key).first
                return (delivery?["next_attempt_at"] as? String).flatMap(Self.parseTimestamp).flatMap {
                    $0.timeIntervalSinceNow > 3600 ? $0 : nil
                }
            }
            #expect(next.timeIntervalSinceNow > 86_000)
        }
    }

    @Test("an answer with NUL bytes and invalid UTF-8 is stored readable, and the delivery goes on to succeed")
    func nulInTheAnswer() async throws {
        try await Self.withEndpoint(answering: ["nul", "nul"]) { app, client, endpoint, _ in
            let key = app.acme.apiKey
            _ = try await client.createApplicant(key: key)
            #expect(
                try await eventually {
                    try await client.deliveries(endpoint.id, key: key).first?["state"] as? String == "delivered"
                }
            )
            let attempts = try await client.deliveries(endpoint.id, key: key).first?["attempts"] as? [[String: Any]] ?? []
            #expect(attempts.map { $0["status_code"] as? Int } == [500, 500, 200])
            let stored = attempts.first?["response_body"] as? String
            #expect(stored?.hasPrefix("error\u{FFFD}\u{FFFD} after a NUL") == true)
            #expect(stored?.contains("\u{0}") == false)
        }
    }

    @Test("a delivery claimed more often than the schedule allows is dead with the reason, not sent again")
    func poisonDelivery() async throws {
        let receiver = try WebhookReceiver()
        try await TestApp.withWebhooks { app, client in
            let key = app.acme.apiKey
            let endpoint = try await client.createEndpoint(url: receiver.url, events: ["applicant.created"], key: key)
            try await receiver.control(secrets: [endpoint.secret])
            // Paused, so no delivery of its own is made; then one that was claimed to exhaustion.
            let paused = try await client.send(.patch, "/v1/webhook-endpoints/\(endpoint.id)", key: key, json: #"{"status": "paused"}"#)
            #expect(paused.status == .ok)
            _ = try await client.createApplicant(key: key)
            let maximum = WebhookSenderConfiguration().maximumAttempts
            _ = try await app.admin(
                """
                INSERT INTO webhook_deliveries (tenant_id, id, endpoint_id, event_id, attempts)
                SELECT e.tenant_id, gen_random_uuid(), w.id, e.id, \(maximum + 3)
                FROM events e JOIN webhook_endpoints w ON w.tenant_id = e.tenant_id WHERE e.type = 'applicant.created'
                """
            )
            #expect(
                try await eventually {
                    try await client.deliveries(endpoint.id, key: key).first?["state"] as? String == "dead"
                }
            )
            let reason: String = try await app.admin("SELECT last_error FROM webhook_deliveries")[0].decode(column: 0)
            #expect(reason.hasPrefix("claimed "), "\(reason)")
            #expect(try await receiver.received().isEmpty, "nothing was sent")

        }
    }

    @Test("expired leases: the recovery gives back a delivery with tries left and ends one with none")
    func recoveryEndsExhaustedLeases() async throws {
        // The API role only: no sender runs, so nothing but the recovery touches the deliveries.
        let loopback: @Sendable (inout AppConfiguration) -> Void = { $0.egress = EgressPolicy(allowed: [CIDR("127.0.0.0/8")!]) }
        try await TestApp.withApp(configure: loopback) { app, client in
            let key = app.acme.apiKey
            _ = try await client.createEndpoint(url: "http://127.0.0.1:9/hook", events: ["applicant.created"], key: key)
            _ = try await client.createApplicant(key: key)
            _ = try await app.admin(
                """
                INSERT INTO webhook_deliveries (tenant_id, id, endpoint_id, event_id, state, attempts, lease_until)
                SELECT tenant_id, gen_random_uuid(), endpoint_id, event_id, 'sending', tries, now() - interval '1 minute'
                FROM webhook_deliveries, (VALUES (3), (4)) AS t (tries)
                """
            )
            let recovered: Int = try await app.admin("SELECT recover_expired_webhook_deliveries(4)")[0].decode(column: 0)
            #expect(recovered == 2)
            let states = try await app.admin(
                "SELECT attempts, state, last_error FROM webhook_deliveries WHERE attempts IN (3, 4) ORDER BY attempts"
            )
            .map { try $0.decode(Int.self, String.self, String.self) }
            #expect(states.map(\.1) == ["pending", "dead"])
            #expect(states.last?.2 == "claimed 4 times without a recorded outcome")
        }
    }

    /// A server with its sender running, Acme's endpoint for `applicant.created` at a receiver
    /// that answers `script` (then 200).
    static func withEndpoint(
        answering script: [String],
        _ body: @Sendable (TestApp, any TestClientProtocol, (id: String, secret: String), WebhookReceiver) async throws -> Void
    ) async throws {
        let receiver = try WebhookReceiver()
        try await TestApp.withWebhooks { app, client in
            let endpoint = try await client.createEndpoint(url: receiver.url, events: ["applicant.created"], key: app.acme.apiKey)
            try await receiver.control(secrets: [endpoint.secret], script: script)
            try await body(app, client, endpoint, receiver)
        }
    }

    static func parseTimestamp(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }
}

@Suite("Numbers from outside never trap")
struct SaturatingNumberTests {
    @Test("Retry-After: digits saturate at a day; anything else is no value")
    func retryAfterParsing() {
        func parsed(_ value: String) -> Int? { TransportResponse(status: 503, headers: [("Retry-After", value)]).retryAfterSeconds }
        #expect(parsed("120") == 120)
        #expect(parsed(" 7 ") == 7)
        #expect(parsed("10000000000000") == 86_400)
        #expect(parsed(String(repeating: "9", count: 400)) == 86_400)
        #expect(parsed("-5") == nil)
        #expect(parsed("1e99") == nil)
        #expect(parsed("") == nil)
        #expect(parsed("Wed, 21 Oct 2015 07:28:00 GMT") == nil)
        #expect(TransportResponse(status: 503).retryAfterSeconds == nil)
    }

    @Test("UUIDv7 from any instant: before 1970, far future, NaN")
    func uuidFromAnyInstant() {
        for date in [
            Date(timeIntervalSince1970: -1e300), .distantFuture, Date(timeIntervalSince1970: 1e300), Date(timeIntervalSince1970: .nan),
        ] {
            #expect(UUID.version7(now: date).uuidString.count == 36)
        }
    }
}
