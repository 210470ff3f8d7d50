import Foundation
import HummingbirdTesting
import TestSupport
import Testing
import VouchAPI
import VouchCore

/// Signed deliveries to a real receiver on 127.0.0.1 that verifies them with `standardwebhooks`.
@Suite("Webhook deliveries")
struct WebhookDeliveryTests {
    @Test("a state change arrives signed, within moments; the delivery log shows the attempt")
    func deliveredAndVerified() async throws {
        let receiver = try WebhookReceiver()
        try await TestApp.withWebhooks { app, client in
            let key = app.acme.apiKey
            let endpoint = try await client.createEndpoint(url: receiver.url, key: key)
            #expect(endpoint.secret.hasPrefix("whsec_"))
            try await receiver.control(secrets: [endpoint.secret])
            let applicant = try await client.createApplicant(key: key)
            let got = try await receiver.waitFor(1)
            #expect(got.first?.type == "applicant.created")
            #expect(got.first?.verifiedWith == [0], "the signature verifies with the endpoint's secret")
            #expect(got.first?.applicantStatus == "unverified", "the payload carries the status object")
            #expect(got.first?.userID?.isEmpty == false)
            let events = try await client.send(.get, "/v1/events?type=applicant.created", key: key).json()
            let event = (events["data"] as? [[String: Any]])?.first
            #expect(event?["id"] as? String == got.first?.id, "webhook-id is the event id")
            #expect((event?["data"] as? [String: Any])?["applicant_id"] as? String == applicant)
            #expect(try await eventually { try await client.deliveries(endpoint.id, key: key).first?["state"] as? String == "delivered" })
            let delivery = try await client.deliveries(endpoint.id, key: key).first
            let attempts = delivery?["attempts"] as? [[String: Any]] ?? []
            #expect(attempts.count == 1)
            #expect(attempts.first?["status_code"] as? Int == 200)
            #expect(attempts.first?["latency_ms"] is Int || attempts.first?["latency_ms"] is Double)
        }
    }

    @Test("a test ping is sent at once, signed, and answered with how the receiver took it")
    func ping() async throws {
        let receiver = try WebhookReceiver()
        try await TestApp.withWebhooks { app, client in
            let endpoint = try await client.createEndpoint(url: receiver.url, key: app.acme.testKey)
            try await receiver.control(secrets: [endpoint.secret], script: ["200", "500"])
            let first = try await client.send(.post, "/v1/webhook-endpoints/\(endpoint.id)/test", key: app.acme.testKey)
            #expect(first.status == .ok)
            let answer = try first.json()
            #expect(answer["object"] as? String == "webhook_test")
            #expect(answer["delivered"] as? Bool == true)
            #expect(answer["status_code"] as? Int == 200)
            let got = try await receiver.received()
            #expect(got.map(\.type) == ["ping"], "sent before the answer, not queued")
            #expect(got.first?.verifiedWith == [0], "standardwebhooks verifies it with the endpoint's secret")
            #expect(got.first?.id == answer["event_id"] as? String)
            #expect(got.first?.livemode == false)

            let second = try await client.send(.post, "/v1/webhook-endpoints/\(endpoint.id)/test", key: app.acme.testKey).json()
            #expect(second["delivered"] as? Bool == false)
            #expect(second["status_code"] as? Int == 500)
            #expect(second["error"] as? String == "http_500")
            #expect(try await client.deliveries(endpoint.id, key: app.acme.testKey).isEmpty, "a ping is no delivery")
            let audit = try await client.send(.get, "/v1/audit-events?action=webhook_endpoint.tested", key: app.acme.testKey).json()
            #expect((audit["data"] as? [Any])?.count == 2)
            let stranger = try await client.send(.post, "/v1/webhook-endpoints/\(endpoint.id)/test", key: app.acme.apiKey)
            #expect(stranger.status == .notFound)
        }
    }

    @Test("a receiver that answers 500 then 200 gets the event again, same id; delivered once")
    func retriedAfterFailure() async throws {
        let receiver = try WebhookReceiver()
        try await TestApp.withWebhooks { app, client in
            let endpoint = try await client.createEndpoint(url: receiver.url, key: app.acme.apiKey)
            try await receiver.control(secrets: [endpoint.secret], script: ["500"])
            _ = try await client.createApplicant(key: app.acme.apiKey)
            let got = try await receiver.waitFor(2)
            #expect(got.count == 2)
            #expect(got.map(\.action) == ["500", "200"])
            #expect(Set(got.map(\.id)).count == 1, "the event id is stable across retries")
            #expect(
                try await eventually {
                    try await client.deliveries(endpoint.id, key: app.acme.apiKey).first?["state"] as? String == "delivered"
                }
            )
            let attempts = try await client.deliveries(endpoint.id, key: app.acme.apiKey).first?["attempts"] as? [[String: Any]]
            #expect(attempts?.map { $0["status_code"] as? Int } == [500, 200])
            #expect(attempts?.first?["error"] as? String == "http_500")
            try await letTimePass(.milliseconds(800), "more than two retry intervals, in which nothing more may be sent")
            #expect(try await receiver.received().count == 2, "nothing more once delivered")
        }
    }

    @Test("hanging past the timeout, redirecting, and answering 2 MB: each handled and logged")
    func misbehavingReceivers() async throws {
        let receiver = try WebhookReceiver()
        try await TestApp.withWebhooks(timeout: .seconds(1)) { app, client in
            let key = app.acme.apiKey
            let endpoint = try await client.createEndpoint(url: receiver.url, events: ["applicant.created"], key: key)
            try await receiver.control(secrets: [endpoint.secret], script: ["hang", "redirect", "big"])
            _ = try await client.createApplicant(key: key)
            #expect(
                try await eventually(timeout: .seconds(15)) {
                    try await client.deliveries(endpoint.id, key: key).first?["state"] as? String == "delivered"
                }
            )
            let attempts = try await client.deliveries(endpoint.id, key: key).first?["attempts"] as? [[String: Any]] ?? []
            #expect(attempts.map { $0["error"] as? String } == ["transport_timed_out", "redirect_not_followed", nil])
            #expect(attempts.last?["status_code"] as? Int == 200)
            #expect((attempts.last?["response_body"] as? String)?.utf8.count == 1024, "stored bodies are truncated")
            #expect(try await receiver.received().count == 3, "the redirect was not followed")
        }
    }

    @Test("a 410 disables the endpoint, says why, and stops deliveries")
    func goneDisables() async throws {
        let receiver = try WebhookReceiver()
        try await TestApp.withWebhooks { app, client in
            let key = app.acme.apiKey
            let endpoint = try await client.createEndpoint(url: receiver.url, key: key)
            try await receiver.control(secrets: [endpoint.secret], script: ["410"])
            _ = try await client.createApplicant(key: key)
            #expect(
                try await eventually {
                    try await client.send(.get, "/v1/webhook-endpoints/\(endpoint.id)", key: key).json()["status"] as? String == "disabled"
                }
            )
            let shown = try await client.send(.get, "/v1/webhook-endpoints/\(endpoint.id)", key: key).json()
            #expect((shown["disabled_reason"] as? String)?.contains("410") == true)
            #expect(try await client.deliveries(endpoint.id, key: key).first?["state"] as? String == "dead")
            _ = try await client.createApplicant(key: key)
            try await letTimePass(.milliseconds(600), "two retry intervals, in which a disabled endpoint must get nothing")
            #expect(try await receiver.received().count == 1)
        }
    }

    @Test("during a rotation both secrets sign; the types filter applies; redelivery sends again")
    func rotationFilterAndRedelivery() async throws {
        let receiver = try WebhookReceiver()
        try await TestApp.withWebhooks { app, client in
            let key = app.acme.apiKey
            let endpoint = try await client.createEndpoint(url: receiver.url, events: ["applicant.created"], key: key)
            let rotated = try await client.send(.post, "/v1/webhook-endpoints/\(endpoint.id)/rotate-secret", key: key).json()
            let newSecret = try #require(rotated["secret"] as? String)
            #expect(newSecret != endpoint.secret)
            #expect(rotated["previous_secret_expires_at"] is String)
            try await receiver.control(secrets: [endpoint.secret, newSecret])
            _ = try await client.createApplicant(key: key)
            let got = try await receiver.waitFor(1)
            #expect(got.first?.verifiedWith == [0, 1], "old and new secret both verify during the overlap")

            let events = try await client.send(.get, "/v1/events", key: key).json()["data"] as? [[String: Any]] ?? []
            let created = try #require(events.first { $0["type"] as? String == "applicant.created" }?["id"] as? String)
            let redelivered = try await client.send(.post, "/v1/events/\(created)/redeliver", key: key)
            #expect(redelivered.status == .accepted)
            #expect(try redelivered.json()["deliveries_queued"] as? Int == 1)
            let again = try await receiver.waitFor(2)
            #expect(again.map(\.id) == [created, created])
            #expect(again.allSatisfy { $0.type == "applicant.created" }, "only the types the endpoint asked for")
        }
    }

    @Test("a delivery left mid-send by a sender that died comes back and is delivered")
    func abandonedDeliveriesAreRecovered() async throws {
        let receiver = try WebhookReceiver()
        try await TestApp.withWebhooks { app, client in
            let key = app.acme.apiKey
            let endpoint = try await client.createEndpoint(url: receiver.url, events: ["applicant.verified"], key: key)
            try await receiver.control(secrets: [endpoint.secret])
            _ = try await client.createApplicant(key: key)
            let events = try await client.send(.get, "/v1/events", key: key).json()["data"] as? [[String: Any]] ?? []
            let eventText = try #require(events.first?["id"] as? String)
            let event = try #require(EventID(eventText))
            let endpointID = try #require(WebhookEndpointID(endpoint.id))
            // What a killed sender leaves behind: a delivery it claimed, sending, its lease running out.
            _ = try await app.admin(
                """
                INSERT INTO webhook_deliveries (tenant_id, id, endpoint_id, event_id, state, attempts, lease_until, worker)
                VALUES ('\(app.acme.id.uuid)', gen_random_uuid(), '\(endpointID.uuid)', '\(event.uuid)', 'sending', 1,
                    now() + interval '1 second', 'killed-sender')
                """
            )
            let got = try await receiver.waitFor(1, timeout: .seconds(10))
            #expect(got.count == 1)
            #expect(got.first?.id == event.description)
            #expect(got.first?.verifiedWith == [0])
            #expect(try await eventually { try await client.deliveries(endpoint.id, key: key).first?["state"] as? String == "delivered" })
        }
    }

    @Test("an endpoint that has failed everything for five days is disabled by its next failure")
    func failingForFiveDaysDisables() async throws {
        let receiver = try WebhookReceiver()
        try await TestApp.withWebhooks { app, client in
            let key = app.acme.apiKey
            let endpoint = try await client.createEndpoint(url: receiver.url, key: key)
            // Every try fails: the endpoint is failing, but not yet for five days.
            try await receiver.control(secrets: [endpoint.secret], script: ["503", "503", "503", "503"])
            _ = try await client.createApplicant(key: key)
            #expect(
                try await eventually {
                    try await client.deliveries(endpoint.id, key: key).first?["state"] as? String == "dead"
                }
            )
            let failing = try await client.send(.get, "/v1/webhook-endpoints/\(endpoint.id)", key: key).json()
            #expect(failing["failing_since"] is String)
            #expect(failing["status"] as? String == "enabled")
            // Five days of that, and the next failure disables it.
            _ = try await app.admin("UPDATE webhook_endpoints SET failing_since = now() - interval '6 days'")
            try await receiver.control(secrets: [endpoint.secret], script: ["503"])
            _ = try await client.createApplicant(key: key)
            #expect(
                try await eventually {
                    try await client.send(.get, "/v1/webhook-endpoints/\(endpoint.id)", key: key).json()["status"] as? String == "disabled"
                }
            )
            let shown = try await client.send(.get, "/v1/webhook-endpoints/\(endpoint.id)", key: key).json()
            #expect((shown["disabled_reason"] as? String)?.contains("5 days") == true)
            let enabled = try await client.send(.patch, "/v1/webhook-endpoints/\(endpoint.id)", key: key, json: #"{"status": "enabled"}"#)
            #expect(try enabled.json()["disabled_reason"] is NSNull)
            #expect(try enabled.json()["failing_since"] is NSNull)
        }
    }

    @Test("a verdict's webhook carries the applicant's status object as of the verdict")
    func verdictCarriesStatusObject() async throws {
        let receiver = try WebhookReceiver()
        try await TestApp.withWebhooks { app, client in
            let key = app.acme.apiKey
            let endpoint = try await client.createEndpoint(url: receiver.url, events: ["applicant.verified"], key: key)
            try await receiver.control(secrets: [endpoint.secret])
            let applicant = try await client.createApplicant(key: key, profile: PipelineProfile())
            try await client.uploadDocuments(.valid(variant: 1), applicant: applicant, key: key)
            let got = try await receiver.waitFor(1, timeout: .seconds(20))
            #expect(got.map(\.type) == ["applicant.verified"])
            #expect(got.first?.applicantStatus == "verified")
            #expect(got.first?.verifiedWith == [0])
        }
    }
}
