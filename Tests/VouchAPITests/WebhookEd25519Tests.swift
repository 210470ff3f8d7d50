import Foundation
import HummingbirdTesting
import TestSupport
import Testing
import VouchAPI
import VouchCore

/// Ed25519 endpoints (Standard Webhooks `v1a`), verified by a receiver that checks the signature
/// with the `cryptography` package, against the public key alone.
@Suite("Webhook deliveries signed with Ed25519")
struct WebhookEd25519Tests {
    @Test("an Ed25519 endpoint signs v1a, which its public key verifies; its secret key is never shown")
    func signedWithEd25519() async throws {
        let receiver = try WebhookReceiver()
        try await TestApp.withWebhooks { app, client in
            let key = app.acme.apiKey
            let created = try await client.send(
                .post,
                "/v1/webhook-endpoints",
                key: key,
                json: #"{"url": "\#(receiver.url)", "signing": "ed25519"}"#
            )
            #expect(created.status == .created)
            let endpoint = try created.json()
            let id = try #require(endpoint["id"] as? String)
            let publicKey = try #require(endpoint["public_key"] as? String)
            #expect(endpoint["signing"] as? String == "ed25519")
            #expect(publicKey.hasPrefix("whpk_"))
            #expect(endpoint["secret"] == nil, "nothing that signs is shown")

            try await receiver.control(secrets: [publicKey])
            _ = try await client.createApplicant(key: key)
            let got = try await receiver.waitFor(1)
            #expect(got.first?.verifiedWith == [0], "the v1a signature verifies with the public key")

            let shown = try await client.send(.get, "/v1/webhook-endpoints/\(id)", key: key).json()
            #expect(shown["public_key"] as? String == publicKey, "the public key is shown whenever asked")
            #expect(shown["secret"] == nil)
        }
    }

    @Test("moving from HMAC to Ed25519 signs with both during the overlap; a later rotation keeps the outgoing public key")
    func rotationAcrossSchemes() async throws {
        let receiver = try WebhookReceiver()
        try await TestApp.withWebhooks { app, client in
            let key = app.acme.apiKey
            let endpoint = try await client.createEndpoint(url: receiver.url, events: ["applicant.created"], key: key)
            let path = "/v1/webhook-endpoints/\(endpoint.id)/rotate-secret"

            let moved = try await client.send(.post, path, key: key, json: #"{"signing": "ed25519"}"#).json()
            let firstKey = try #require(moved["public_key"] as? String)
            #expect(moved["signing"] as? String == "ed25519")
            #expect(moved["secret"] == nil)
            #expect(moved["previous_public_key"] is NSNull, "the outgoing secret was an HMAC one")
            try await receiver.control(secrets: [endpoint.secret, firstKey])
            _ = try await client.createApplicant(key: key)
            #expect(try await receiver.waitFor(1).last?.verifiedWith == [0, 1], "v1 and v1a both verify during the overlap")

            let rotated = try await client.send(.post, path, key: key).json()
            let secondKey = try #require(rotated["public_key"] as? String)
            #expect(secondKey != firstKey)
            #expect(rotated["previous_public_key"] as? String == firstKey)
            try await receiver.control(secrets: [endpoint.secret, firstKey, secondKey])
            _ = try await client.createApplicant(key: key)
            #expect(try await receiver.waitFor(2).last?.verifiedWith == [1, 2], "the HMAC secret no longer signs")
        }
    }

    @Test("an unknown scheme is refused where the scheme is chosen; PATCH does not change it")
    func refusals() async throws {
        try await TestApp.withWebhooks { app, client in
            let key = app.acme.apiKey
            let refused = try await client.send(
                .post,
                "/v1/webhook-endpoints",
                key: key,
                json: #"{"url": "http://127.0.0.1:9/hook", "signing": "rsa"}"#
            )
            #expect(refused.status == .unprocessableContent)
            #expect(try refused.json()["code"] as? String == "invalid_field")
            let endpoint = try await client.createEndpoint(url: "http://127.0.0.1:9/hook", key: key)
            let path = "/v1/webhook-endpoints/\(endpoint.id)"
            let patched = try await client.send(.patch, path, key: key, json: #"{"signing": "ed25519"}"#)
            #expect(patched.status == .unprocessableContent)
            let rotated = try await client.send(.post, path + "/rotate-secret", key: key, json: #"{"signing": "none"}"#)
            #expect(rotated.status == .unprocessableContent)
            #expect(try await client.send(.get, path, key: key).json()["signing"] as? String == "hmac_sha256")
        }
    }
}
