import Foundation
import HTTPTransport
import ServiceLifecycle
import Synchronization

/// Sends an endpoint a signed `ping` now, outside the delivery queue, and says how the receiver
/// answered: how a merchant checks a receiver (its URL, its signature check) before real events
/// arrive. The same signing, egress guard and timeout as every delivery; recorded in the audit
/// log, not in the delivery log (a ping is no event).
public final class WebhookPinger: Service {
    let store: WebhookRepository
    let egress: EgressPolicy
    let configuration: WebhookSenderConfiguration
    /// Made on the first ping: most servers never send one, and a transport holds a thread.
    private let transport = Mutex<HTTPTransport?>(nil)

    public init(store: WebhookRepository, egress: EgressPolicy, configuration: WebhookSenderConfiguration) {
        self.store = store
        self.egress = egress
        self.configuration = configuration
    }

    private var sharedTransport: HTTPTransport {
        transport.withLock { transport in
            if let transport { return transport }
            let made = HTTPTransport(
                configuration: HTTPTransportConfiguration(connectTimeout: .seconds(5), userAgent: "Vouch-Webhooks/1"),
                threadName: "http-pings"
            )
            transport = made
            return made
        }
    }

    /// How one ping went.
    public struct Result: Sendable {
        public var eventID: String
        public var delivered: Bool
        public var statusCode: Int?
        public var latencyMilliseconds: Int
        public var error: String?
        public var responseBody: String?
    }

    /// Pings the endpoint; nil when the tenant has no such endpoint.
    public func ping(tenant: TenantID, endpoint: WebhookEndpointID, now: Date = Date()) async throws -> Result? {
        guard let package = try await store.pingPackage(tenant: tenant, endpoint: endpoint, now: now) else { return nil }
        let outcome = await WebhookSender.attempt(package, transport: sharedTransport, egress: egress, configuration: configuration)
        try await store.recordPing(tenant: tenant, endpoint: endpoint, outcome: outcome)
        return Result(
            eventID: package.eventID,
            delivered: outcome.succeeded,
            statusCode: outcome.statusCode,
            latencyMilliseconds: outcome.latencyMilliseconds,
            error: outcome.error,
            responseBody: outcome.responseBody
        )
    }

    /// Waits for shutdown, then closes the transport if a ping made one.
    public func run() async throws {
        try? await gracefulShutdown()
        transport.withLock { $0 }?.close()
    }
}
