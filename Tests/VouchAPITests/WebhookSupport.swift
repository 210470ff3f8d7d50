import Foundation
import HTTPTransport
import HummingbirdTesting
import TestSupport
import Testing
import VouchAPI
import VouchCore

/// `scripts/lib/webhook_receiver.py` in a process of its own: it verifies each delivery with the
/// `standardwebhooks` PyPI package, an implementation independent of Vouch's.
final class WebhookReceiver: Sendable {
    struct Delivery: Sendable {
        var id: String
        var type: String?
        var verifiedWith: [Int]
        var action: String
        /// The applicant's status object the event carried.
        var applicantStatus: String?
        var userID: String?
        /// The applicant's sequence number the event carried, and which applicant.
        var sequence: Int?
        var applicantID: String?
        /// `full` or `thin`, and the names of the data's fields as received.
        var payload: String?
        var dataFields: [String]
        var livemode: Bool?
    }

    let port: Int
    private let process: Process
    private let transport = HTTPTransport(threadName: "test-receiver")

    var url: String { "http://127.0.0.1:\(port)/hooks" }

    init() throws {
        let python = ProcessInfo.processInfo.environment["VOUCH_TEST_PYTHON"] ?? "python3"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "scripts/lib/webhook_receiver.py"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        self.process = process
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw TestFailure("the webhook receiver did not start (is standardwebhooks installed?)") }
            line += chunk
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TestFailure("the webhook receiver printed no port")
        }
        self.port = port
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        transport.close()
    }

    /// The secrets to verify with, and answers for the next deliveries; `jitterMilliseconds`
    /// and `holdFirst` make deliveries arrive out of order (see `webhook_receiver.py`).
    func control(secrets: [String], script: [String] = [], jitterMilliseconds: Int = 0, holdFirst: Bool = false) async throws {
        let body = try JSONSerialization.data(
            withJSONObject: ["secrets": secrets, "script": script, "jitter_ms": jitterMilliseconds, "hold_first": holdFirst]
        )
        _ = try await transport.send(.postJSON("http://127.0.0.1:\(port)/_control", body: Array(body)))
    }

    func received() async throws -> [Delivery] {
        let response = try await transport.send(TransportRequest(url: "http://127.0.0.1:\(port)/_received"))
        let list = try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]] ?? []
        return list.map {
            Delivery(
                id: $0["id"] as? String ?? "",
                type: $0["type"] as? String,
                verifiedWith: $0["verified_with"] as? [Int] ?? [],
                action: $0["action"] as? String ?? "",
                applicantStatus: (($0["data"] as? [String: Any])?["applicant"] as? [String: Any])?["status"] as? String,
                userID: (($0["data"] as? [String: Any])?["applicant"] as? [String: Any])?["user_id"] as? String,
                sequence: $0["sequence"] as? Int,
                applicantID: $0["applicant_id"] as? String,
                payload: $0["payload"] as? String,
                dataFields: (($0["data"] as? [String: Any])?.keys).map { $0.sorted() } ?? [],
                livemode: $0["livemode"] as? Bool
            )
        }
    }

    /// Waits until at least `count` deliveries arrived; returns them.
    func waitFor(_ count: Int, timeout: Duration = .seconds(15)) async throws -> [Delivery] {
        var got: [Delivery] = []
        _ = try await eventually(timeout: timeout, interval: .milliseconds(50)) {
            got = try await received()
            return got.count >= count
        }
        return got
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension TestApp {
    /// A server whose sender runs, with quick retries, and loopback let through the egress guard.
    static func withWebhooks(
        timeout: Duration = .seconds(2),
        retrySchedule: [TimeInterval] = [0.3, 0.3, 0.3],
        _ body: @Sendable (TestApp, any TestClientProtocol) async throws -> Void
    ) async throws {
        try await withApp(
            role: .all,
            configure: { configuration in
                configuration.egress = EgressPolicy(allowed: [CIDR("127.0.0.0/8")!, CIDR("::1/128")!])
                configuration.webhooks.retrySchedule = retrySchedule
                configuration.webhooks.timeout = timeout
            },
            body
        )
    }
}

extension TestClientProtocol {
    /// Registers an endpoint; returns its id and secret.
    func createEndpoint(url: String, events: [String]? = nil, payload: String? = nil, key: String) async throws -> (
        id: String, secret: String
    ) {
        var body: [String: Any] = ["url": url, "description": "test receiver"]
        if let events { body["events"] = events }
        if let payload { body["payload"] = payload }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        let response = try await send(.post, "/v1/webhook-endpoints", key: key, json: json)
        #expect(response.status == .created, "\(String(buffer: response.body))")
        let object = try response.json()
        return (object["id"] as? String ?? "", object["secret"] as? String ?? "")
    }

    func deliveries(_ endpoint: String, key: String) async throws -> [[String: Any]] {
        try await send(.get, "/v1/webhook-endpoints/\(endpoint)/deliveries", key: key).json()["data"] as? [[String: Any]] ?? []
    }
}
