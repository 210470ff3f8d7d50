import Base
import Foundation
import HTTPTransport
import Logging
import Metrics
import Postgres
import ServiceLifecycle

/// How webhook deliveries go out.
public struct WebhookSenderConfiguration: Sendable, ClaimLoopSettings {
    /// Deliveries in flight at once in this process.
    public var concurrency = 128
    public var timeout: Duration = .seconds(15)
    public var lease: Duration = .seconds(60)
    public var pollInterval: Duration = .seconds(1)
    public var recoveryInterval: Duration = .seconds(10)
    /// On shutdown: how long deliveries in flight may take before they are cancelled and handed back.
    public var drainTimeout: Duration = .seconds(25)
    /// The Standard Webhooks schedule: the pause after each failed try, then dead.
    public var retrySchedule: [TimeInterval] = [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400]
    /// An endpoint that has failed everything for this long is disabled.
    public var disableAfterFailing: TimeInterval = 5 * 24 * 3600
    /// How much of a response body is kept in the delivery log.
    public var storedResponseBytes = 1024

    public init() {}

    /// Tries a delivery may have: the first, then one after each pause of the schedule.
    public var maximumAttempts: Int { retrySchedule.count + 1 }
}

/// Sends due webhook deliveries: claims them across tenants with `SKIP LOCKED` (so any number
/// of instances share the work, and a killed one's deliveries come back when their lease
/// ends), signs each with the endpoint's secrets, checks and pins its address, and records the
/// attempt with its status, latency and error.
public final class WebhookSender: Service {
    let store: WebhookRepository
    let unscoped: UnscopedDatabase
    let clock: LeaseClock
    let transport: HTTPTransport
    let egress: EgressPolicy
    let configuration: WebhookSenderConfiguration
    let logger: Logger
    let name = "webhooks:\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))"
    let loop: ClaimLoop<ClaimedDelivery>

    /// - Parameters:
    ///   - database: the door across tenants, to claim due deliveries with; each delivery is
    ///     then loaded and recorded in its own tenant.
    ///   - listenerURL: a connection string for the LISTEN connection (nil polls only).
    ///   - clock: what leases are measured against.
    public init(
        database: UnscopedDatabase,
        keyring: Keyring,
        egress: EgressPolicy,
        listenerURL: String?,
        configuration: WebhookSenderConfiguration = WebhookSenderConfiguration(),
        clock: LeaseClock = .database,
        logger: Logger
    ) {
        self.store = WebhookRepository(database: database.scoped, keyring: keyring)
        self.unscoped = database
        self.clock = clock
        self.transport = HTTPTransport(
            configuration: HTTPTransportConfiguration(
                connectTimeout: .seconds(5),
                userAgent: "Vouch-Webhooks/1",
                threadNiceness: BackgroundExecutor.shared.niceness
            ),
            threadName: "http-webhooks"
        )
        self.egress = egress
        self.configuration = configuration
        self.logger = logger
        self.loop = ClaimLoop(
            settings: configuration,
            listenerURL: listenerURL,
            channel: WebhookRepository.channel,
            logger: logger
        )
    }

    /// Attempts by result, for the failure rate on `/metrics`.
    let delivered = Counter(label: "vouch_webhook_attempts_total", dimensions: [("result", "delivered")])
    let failed = Counter(label: "vouch_webhook_attempts_total", dimensions: [("result", "failed")])

    /// Runs on the background executor: signing and recording yield the cores to requests.
    public func run() async throws {
        let (unscoped, clock, name, lease) = (unscoped, clock, name, configuration.lease)
        let maximumAttempts = configuration.maximumAttempts
        let claims = ClaimRepository(database: unscoped)
        try await withTaskExecutorPreference(BackgroundExecutor.shared) {
            try await loop.run(
                recover: { try await WebhookRepository.recoverExpired(unscoped, maximumAttempts: maximumAttempts, clock: clock) },
                claim: { room in try await WebhookRepository.claim(unscoped, worker: name, limit: room, lease: lease, clock: clock) },
                work: { delivery in await self.deliver(delivery) },
                release: { try await claims.release(of: name) }
            )
        }
        transport.close()
    }

    /// One attempt of one delivery. Failures to reach the database leave the lease to expire:
    /// the delivery comes back, and is sent again (at least once). A delivery claimed more often
    /// than the schedule has tries (its outcome never got recorded) is dead, not sent again.
    func deliver(_ delivery: ClaimedDelivery) async {
        if delivery.attempt > configuration.maximumAttempts {
            let reason = "claimed \(delivery.attempt) times without a recorded outcome"
            try? await store.settle(delivery, retryAt: nil, reason: reason)
            return
        }
        do {
            let now = Date()
            guard let package = try await store.package(delivery, now: now) else { return }
            switch package.status {
            case .paused: return try await store.postpone(delivery, until: now.addingTimeInterval(60))
            case .disabled:
                let outcome = AttemptOutcome(latencyMilliseconds: 0, error: "endpoint_disabled")
                return try await store.record(
                    delivery,
                    outcome: outcome,
                    retryAt: nil,
                    disableAfter: configuration.disableAfterFailing,
                    now: now
                )
            case .enabled: break
            }
            let outcome = await attempt(package)
            (outcome.succeeded ? delivered : failed).increment()
            let retryAt = retryTime(after: delivery.attempt, outcome: outcome, now: Date())
            do {
                try await store.record(
                    delivery,
                    outcome: outcome,
                    retryAt: retryAt,
                    disableAfter: configuration.disableAfterFailing,
                    now: Date()
                )
            } catch let error as PostgresError where !error.isUnavailable {
                // The database refused the record itself: settle the delivery without it rather
                // than leave it to come back and fail the same way.
                logger.warning("webhook attempt not recorded", metadata: ["error": "\(error)"])
                let reason = outcome.succeeded ? "delivered; the attempt could not be recorded" : "attempt_not_recorded"
                try await store.settle(delivery, retryAt: outcome.succeeded ? nil : retryAt, reason: reason)
            }
        } catch {
            logger.warning("webhook delivery not recorded", metadata: ["error_type": "\(type(of: error))"])
        }
    }

    func attempt(_ package: DeliveryPackage) async -> AttemptOutcome {
        await Self.attempt(package, transport: transport, egress: egress, configuration: configuration)
    }

    /// Sends one signed body, through the egress guard (its address pinned), and says how it went.
    static func attempt(
        _ package: DeliveryPackage,
        transport: HTTPTransport,
        egress: EgressPolicy,
        configuration: WebhookSenderConfiguration
    ) async -> AttemptOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        func elapsed() -> Int { Int(milliseconds(clock.now - start)) }
        let destination: EgressPolicy.Destination
        do {
            destination = try await egress.check(package.url)
        } catch {
            return AttemptOutcome(latencyMilliseconds: elapsed(), error: "egress_refused: \(error)")
        }
        let timestamp = Int(Date().timeIntervalSince1970)
        let signature = StandardWebhooks.header(id: package.eventID, timestamp: timestamp, body: package.body, secrets: package.secrets)
        var request = TransportRequest.postJSON(
            package.url,
            body: package.body,
            headers: [("webhook-id", package.eventID), ("webhook-timestamp", String(timestamp)), ("webhook-signature", signature)],
            timeout: configuration.timeout
        )
        request.pinnedAddresses = [destination.pin]
        request.maximumResponseBytes = configuration.storedResponseBytes
        request.truncatesResponse = true
        do {
            let response = try await transport.send(request)
            let kept = Self.storable(response.body)
            let error = (300..<400).contains(response.status) ? "redirect_not_followed" : nil
            return AttemptOutcome(
                statusCode: response.status,
                latencyMilliseconds: elapsed(),
                error: response.isSuccess ? nil : error ?? "http_\(response.status)",
                responseBody: kept.isEmpty ? nil : kept,
                retryAfterSeconds: response.retryAfterSeconds
            )
        } catch let error as TransportError {
            return AttemptOutcome(latencyMilliseconds: elapsed(), error: "transport_\(error.kind.rawValue)")
        } catch {
            return AttemptOutcome(latencyMilliseconds: elapsed(), error: "transport_other")
        }
    }

    /// A receiver's answer as text that Postgres can store: invalid UTF-8 and NUL bytes become
    /// U+FFFD (a receiver may answer anything).
    static func storable(_ body: [UInt8]) -> String {
        String(decoding: body, as: UTF8.self).replacingNUL()
    }

    /// When to try again, with ±10% jitter and `Retry-After` honoured; nil when the delivery is
    /// done (delivered, 410, or the schedule is spent).
    func retryTime(after attempt: Int, outcome: AttemptOutcome, now: Date) -> Date? {
        let retry = WebhookRetry(schedule: configuration.retrySchedule)
        return retry.delay(after: attempt, outcome: outcome, jitter: Double.random(in: WebhookRetry.jitter))
            .map { now.addingTimeInterval($0) }
    }
}
