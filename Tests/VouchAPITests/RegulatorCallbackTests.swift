import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing
import VouchAPI
import VouchCore

/// `POST /v1/callbacks/regulator`, sent by the simulator to a live server and by hand.
@Suite("Regulator callbacks")
struct RegulatorCallbackTests {
    static func signed(_ body: String, secret: [UInt8] = SimulatorHarness.callbackSecret) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(body.utf8), using: SymmetricKey(data: secret))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    static func callback(_ client: some TestClientProtocol, _ body: String, signature: String?) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let signature { headers[HTTPField.Name("X-Regulator-Signature")!] = signature }
        return try await client.send(.post, "/v1/callbacks/regulator", key: nil, json: body, headers: headers)
    }

    static func body(reference: String, status: String = "match", timestamp: Date = Date()) -> String {
        #"{"reference": "\#(reference)", "status": "\#(status)", "timestamp": \#(Int(timestamp.timeIntervalSince1970))}"#
    }

    @Test("pending, then the simulator's signed callback finishes the check and the applicant is verified; a replay changes nothing")
    func pendingThenCallback() async throws {
        try await SimulatorHarness.withSimulator(callbackDelay: .seconds(5)) { simulator in
            try await TestApp.withApp(role: .all, providers: simulator.providers(), live: true) { app, client in
                simulator.simulator.setCallbackURL("http://127.0.0.1:\(try #require(client.port))/v1/callbacks/regulator")
                let applicant = try await app.submittedApplicant(client, variant: 1, documentNumber: "PENDING01")
                #expect(try await eventually { try await app.admin("SELECT 1 FROM regulator_references").count == 1 })
                let report = try await client.fetchChecks(applicant, key: app.acme.apiKey)
                #expect(try await client.applicantState(applicant, key: app.acme.apiKey) == "processing")
                let reference = try #require(
                    ((report["regulator"] as? [String: Any])?["result"] as? [String: Any])?["reference"] as? String
                )
                #expect(
                    try await eventually(timeout: .seconds(15)) {
                        try await client.applicantState(applicant, key: app.acme.apiKey) == "verified"
                    }
                )
                #expect(simulator.simulator.callbacksSent == 1)
                let regulator = (try await client.fetchChecks(applicant, key: app.acme.apiKey)["regulator"] as? [String: Any])
                #expect(regulator?["status"] as? String == "match")
                let details = (regulator?["result"] as? [String: Any])?["details"] as? [String: Any]
                #expect(details?["via"] as? String == "callback", "the answer came by the callback")
                let events = try await app.eventCounts(applicant: applicant)

                let body = Self.body(reference: reference)
                let replay = try await Self.callback(client, body, signature: Self.signed(body))
                #expect(replay.status == .ok)
                #expect(try replay.json()["replay"] as? Bool == true)
                #expect(try replay.json()["applied"] as? Bool == false)
                let late = Self.body(reference: reference, status: "no_match")
                #expect(try await Self.callback(client, late, signature: Self.signed(late)).json()["replay"] as? Bool == true)
                try await letTimePass(.milliseconds(300), "time for a replay to write something, if it wrongly did")
                #expect(try await app.eventCounts(applicant: applicant) == events, "a replay writes nothing")
                #expect(try await client.applicantState(applicant, key: app.acme.apiKey) == "verified")
                #expect(try await app.usage(applicant: applicant) == ["regulator_call:pending", "screening_call:clear"])
            }
        }
    }

    @Test("bad signatures, stale timestamps, unknown references and malformed bodies are refused and change nothing")
    func refusals() async throws {
        try await SimulatorHarness.withSimulator { simulator in
            try await TestApp.withApp(providers: simulator.providers()) { app, client in
                let applicant = try await app.submittedApplicant(client, variant: 1, documentNumber: "PENDING02")
                try await app.drainJobs()
                let rows = try await app.admin("SELECT reference FROM regulator_references")
                let reference = try rows[0].decode(column: 0, as: String.self)
                let good = Self.body(reference: reference)

                let unsigned = try await Self.callback(client, good, signature: nil)
                #expect(unsigned.status == .unauthorized)
                #expect(unsigned.code == "invalid_signature")
                let forged = try await Self.callback(client, good, signature: Self.signed(good, secret: Array("wrong".utf8)))
                #expect(forged.code == "invalid_signature")
                let tampered = try await Self.callback(
                    client,
                    Self.body(reference: reference, status: "no_match"),
                    signature: Self.signed(good)
                )
                #expect(tampered.code == "invalid_signature", "the signature covers the body")
                #expect(try await Self.callback(client, good, signature: "sha256=zz").code == "invalid_signature")

                let stale = Self.body(reference: reference, timestamp: Date().addingTimeInterval(-600))
                let staleResponse = try await Self.callback(client, stale, signature: Self.signed(stale))
                #expect(staleResponse.status == .unauthorized)
                #expect(staleResponse.code == "stale_timestamp")

                let unknown = Self.body(reference: "vref_unknown")
                let unknownResponse = try await Self.callback(client, unknown, signature: Self.signed(unknown))
                #expect(unknownResponse.status == .notFound)

                for malformed in ["{not json", #"{"reference": "\#(reference)", "status": "maybe", "timestamp": 1}"#] {
                    let response = try await Self.callback(client, malformed, signature: Self.signed(malformed))
                    #expect([400, 422].contains(response.status.code), "\(malformed)")
                }
                #expect(try await client.applicantState(applicant, key: app.acme.apiKey) == "processing", "nothing was applied")

                let applied = try await Self.callback(client, good, signature: Self.signed(good))
                #expect(applied.status == .ok)
                #expect(try applied.json()["applied"] as? Bool == true)
                try await app.drainJobs()
                #expect(try await client.applicantState(applicant, key: app.acme.apiKey) == "verified")
            }
        }
    }

    @Test("an empty callback secret counts as none: a callback signed with the empty key is refused")
    func emptySecretIsNoSecret() async throws {
        try await TestApp.withApp { app, _ in
            let service = RegulatorCallbackService(database: app.services.unscoped, secret: [])
            let body = Array(Self.body(reference: "vref_any").utf8)
            let signature = RegulatorCallbackService.signature(of: body, secret: [])
            await #expect(throws: RegulatorCallbackService.Failure.notConfigured) {
                try await service.handle(body: body, signature: signature)
            }
        }
    }

    @Test("references name their tenant; malformed or older ones do not parse as one")
    func referencesCarryTheirTenant() {
        let tenant = TenantID.generate()
        let reference = RegulatorReference.make(tenant: tenant)
        #expect(RegulatorReference.tenant(of: reference) == tenant)
        #expect(RegulatorReference.make(tenant: tenant) != reference, "each check has its own")
        for other in [
            "vref_" + UUID.version7().compactHex, "vref_\(tenant.uuid.compactHex)_",
            "xref_\(tenant.uuid.compactHex)_\(tenant.uuid.compactHex)",
            "vref_\(tenant.uuid.compactHex)_\(tenant.uuid.compactHex)_x", "vref_zz_\(tenant.uuid.compactHex)",
        ] {
            #expect(RegulatorReference.tenant(of: other) == nil, "\(other)")
        }
    }
}
