import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import JWTKit
import NIOCore
import Testing
import VouchAPI
import VouchCore

@Suite("The seed's end-user endpoints with applicant session tokens")
struct ApplicantSessionTests {
    func session(for applicant: String, key: String, client: any TestClientProtocol) async throws -> String {
        let response = try await client.send(.post, "/v1/applicants/\(applicant)/sessions", key: key)
        #expect(response.status == .created)
        return try response.json()["token"] as! String
    }

    @Test("status and submit with a session token, in the seed's envelope")
    func statusAndSubmit() async throws {
        try await TestApp.withApp(maximumFileBytes: 64 * 1024) { app, client in
            let applicant = try await client.createApplicant(key: app.acme.apiKey, externalUserID: "123456")
            let token = try await session(for: applicant, key: app.acme.apiKey, client: client)

            let status = try await client.send(.get, "/api/v1/user/me/kyc/status", key: token).json()
            #expect(status["user_id"] as? String == "123456")
            #expect(status["submission_status"] as? String == "NOT_SUBMITTED")

            let body = #"{"doc_type": "ID_FRONT", "doc_body": "\#(Data(Samples.jpeg).base64EncodedString())"}"#
            let submitted = try await client.send(
                .post,
                "/api/v1/user/me/kyc/submit",
                key: nil,
                json: body,
                headers: [.authorization: "JWT \(token)"]
            )
            #expect(submitted.status == .ok)
            let envelope = try submitted.json()
            #expect(envelope["is_success"] as? Bool == true)
            #expect(envelope["err_code"] as? String == "Err0000")
            #expect(envelope["err_message"] as? String == "OK")

            let merchantView = try await client.send(.get, "/v1/applicants/\(applicant)/status", key: app.acme.apiKey).json()
            #expect(merchantView["submission_status"] as? String == "PARTIALLY_SUBMITTED")
            // As the seed shows it: every document type, UNVERIFIED for those not uploaded yet.
            let seedView = try await client.send(.get, "/api/v1/user/me/kyc/status", key: token).json()
            let slots = seedView["doc_status"] as? [[String: Any]] ?? []
            #expect(slots.map { $0["doc_type"] as? String } == ["ID_FRONT", "ID_BACK", "PROOF_OF_ADDRESS", "SELFIE"])
            #expect(slots.map { $0["doc_status"] as? String } == ["SUBMITTED", "UNVERIFIED", "UNVERIFIED", "UNVERIFIED"])
            #expect(slots.first?["document_id"] is String)
            #expect(slots.last?["document_id"] == nil)

            let big = Samples.jpeg + [UInt8](repeating: 1, count: 64 * 1024)
            let tooBig = try await client.send(
                .post,
                "/api/v1/user/me/kyc/submit",
                key: token,
                json: #"{"doc_type": "ID_BACK", "doc_body": "\#(Data(big).base64EncodedString())"}"#
            )
            #expect(tooBig.status == .badRequest, "the seed answers a file too large 400")
            let failure = try tooBig.json()
            #expect(failure["is_success"] as? Bool == false)
            #expect(failure["err_code"] as? String == "Err1002")
            #expect(failure["err_message"] as? String == "File size is too big")

            let again = try await client.send(.post, "/api/v1/user/me/kyc/submit", key: token, json: body)
            #expect(again.status == .conflict)
            #expect(try again.json()["err_code"] as? String == "Err1006")
        }
    }

    @Test("forged, expired, malformed and misused tokens are refused")
    func badTokens() async throws {
        try await TestApp.withApp { app, client in
            let applicant = try await client.createApplicant(key: app.acme.apiKey)
            let other = try await client.createApplicant(key: app.acme.apiKey)
            let token = try await session(for: applicant, key: app.acme.apiKey, client: client)

            // Signed with another secret.
            let forger = await ApplicantSessions(secret: SymmetricKey(size: .bits256), lifetime: 900)
            let (forged, _) = try await forger.issue(tenant: app.acme.id, applicant: ApplicantID(applicant)!)
            // Signed with the right secret, but expired.
            let (expired, _) = try await app.services.sessions.issue(
                tenant: app.acme.id,
                applicant: ApplicantID(applicant)!,
                now: Date().addingTimeInterval(-3600)
            )
            for bad in [forged, expired, "not.a.jwt", token + "x", ""] {
                let response = try await client.send(.get, "/api/v1/user/me/kyc/status", key: bad)
                #expect(response.status == .unauthorized)
                #expect(try response.json()["err_code"] as? String == "Err4001")
            }
            // A session token is not an API key, and an API key is not a session token.
            #expect(try await client.send(.get, "/v1/applicants/\(applicant)", key: token).status == .unauthorized)
            #expect(try await client.send(.get, "/api/v1/user/me/kyc/status", key: app.acme.apiKey).status == .unauthorized)

            // The token names one applicant: it reads that applicant's status, never another's.
            let mine = try await client.send(.get, "/api/v1/user/me/kyc/status", key: token).json()
            #expect(mine["applicant_id"] as? String == applicant)
            #expect(mine["applicant_id"] as? String != other)

            // A token for another tenant's applicant id resolves in that tenant only: not found.
            let (crossTenant, _) = try await app.services.sessions.issue(tenant: app.globex.id, applicant: ApplicantID(applicant)!)
            let cross = try await client.send(.get, "/api/v1/user/me/kyc/status", key: crossTenant)
            #expect(cross.status == .notFound)
        }
    }
}
