import Crypto
import Foundation
import HTTPTransport
import Hummingbird
import Logging
import NIOCore
import Synchronization
import Verification

extension ProviderSimulator {
    /// `POST /verifications`: the regulator's database check, answered by the document number.
    func verify(_ request: Request, context: some RequestContext) async throws -> Response {
        guard !arrive("verifications") else { return Self.unavailable }
        var request = request
        guard let body = try await Self.object(&request), let reference = body["reference"] as? String,
            let number = body["document_number"] as? String
        else {
            return try Self.json(["error": "reference and document_number are required"], status: .badRequest)
        }
        switch SimulatedOutcomes.regulator(documentNumber: number) {
        case .answer(let status):
            return try Self.json(["reference": reference, "status": status])
        case .pendingThenCallback:
            Task { await self.sendCallback(reference: reference, status: "match") }
            return try Self.json(["reference": reference, "status": "pending"])
        case .slow:
            try await Task.sleep(for: settings.slowDelay)
            return try Self.json(["reference": reference, "status": "match"])
        case .serverError:
            return try Self.json(["error": "simulated failure"], status: .internalServerError)
        case .rateLimited:
            return Response(status: .tooManyRequests, headers: [.retryAfter: "1"])
        case .malformed:
            return Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: "{not json"))
            )
        }
    }

    /// The regulator's callback: signed, retried a few times while Vouch does not accept it
    /// (it may not have stored the reference yet).
    func sendCallback(reference: String, status: String) async {
        try? await Task.sleep(for: settings.callbackDelay)
        guard let url = state.withLock({ $0.callbackURL }), let secret = settings.callbackSecret else {
            logger.warning("no callback URL or secret: the pending check is left pending")
            return
        }
        for attempt in 1...5 {
            let body = Array(
                try! JSONSerialization.data(withJSONObject: [
                    "reference": reference, "status": status, "timestamp": Int(Date().timeIntervalSince1970),
                ])
            )
            let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: secret))
            let signature = "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
            let request = TransportRequest.postJSON(url, body: body, headers: [("X-Regulator-Signature", signature)], timeout: .seconds(10))
            if let response = try? await transport.send(request), response.isSuccess {
                state.withLock { $0.callbacksSent += 1 }
                return
            }
            try? await Task.sleep(for: .seconds(attempt))
        }
        logger.warning("the callback was not accepted")
    }
}
