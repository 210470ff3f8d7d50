import ArgumentParser
import Base
import Foundation
import Hummingbird
import Logging
import NIOCore
import Postgres
import ServiceLifecycle
import Synchronization
import VouchAPI
import VouchCore

/// `vouch-bench webhooks`: deliveries per second to a local receiver with 1 and with 100
/// endpoints, and the time from an event's commit to its delivery's arrival when idle.
///
/// Runs against the database of the usual settings (`scripts/bench-webhooks` gives it a
/// throwaway cluster). The receiver is a Hummingbird server in this process on 127.0.0.1, so
/// sender and receiver share the machine, as Postgres does.
struct BenchWebhooks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "webhooks", abstract: "Measure webhook delivery")

    @OptionGroup var settings: BenchSettings

    @Option(help: "Deliveries per throughput run.")
    var deliveries = 5000

    @Option(help: "Events for the latency run, written one at a time.")
    var probes = 200

    func run() async throws {
        var configuration = try settings.configuration()
        configuration.egress = EgressPolicy(allowed: [CIDR("127.0.0.0/8")!])
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let services = await AppServices(configuration: configuration, providers: ApplicantCheckProviders())
        let arrivals = Arrivals()
        let receiver = Application(
            router: Self.receiverRouter(arrivals),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in arrivals.setPort(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        // A sender per run: stopping one closes its transport.
        let settings = configuration
        let senderLogger = logger
        let sender = { @Sendable in
            WebhookSender(
                database: services.unscoped,
                keyring: settings.keyring,
                egress: settings.egress,
                listenerURL: settings.databaseURL,
                logger: senderLogger
            )
        }
        let group = ServiceGroup(services: [services.database, receiver], gracefulShutdownSignals: [], logger: logger)
        let running = Task { try await group.run() }
        while arrivals.port == 0 { try await Task.sleep(for: .milliseconds(10)) }

        // A plan of its own: the standard one allows fewer endpoints than the largest run has.
        let adminPool = try self.settings.adminPool()
        defer { adminPool.close() }
        let benchPlan = Plan(
            name: "bench-webhooks",
            currency: "EUR",
            prices: [:],
            keyRequestsPerSecond: nil,
            tenantRequestsPerSecond: nil,
            webhookEndpointLimit: 100
        )
        try await PlanRepository.define(adminPool: adminPool, benchPlan)

        var report: [[String: Any]] = []
        var loaded: TenantID?
        for endpointCount in [1, 100] {
            let tenant = try await services.tenants.create(name: "bench \(endpointCount) endpoints").tenant
            try await PlanRepository.assign(adminPool: adminPool, tenant: tenant.id, plan: benchPlan.name)
            loaded = tenant.id
            for index in 0..<endpointCount {
                _ = try await services.webhooks.create(
                    tenant: tenant.id,
                    url: "http://127.0.0.1:\(arrivals.port)/hooks/\(index)",
                    description: "bench",
                    eventTypes: []
                )
            }
            report.append(try await throughput(services, sender: sender, tenant: tenant.id, endpoints: endpointCount, arrivals: arrivals))
        }
        report.append(try await latency(services, sender: sender, arrivals: arrivals))
        if let loaded {
            report.append(try await latencyUnderLoad(services, sender: sender, loadedTenant: loaded, arrivals: arrivals))
        }
        await group.triggerGracefulShutdown()
        _ = try? await running.value
        let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }

    /// Queues the deliveries with the sender stopped, then times the sender draining them.
    func throughput(_ services: AppServices, sender: @Sendable () -> WebhookSender, tenant: TenantID, endpoints: Int, arrivals: Arrivals)
        async throws
        -> [String: Any]
    {
        let events = deliveries / endpoints
        try await Self.queueEvents(services, tenant: tenant, count: events)
        arrivals.reset()
        let clock = ContinuousClock()
        let start = clock.now
        let drained = try await withSender(sender) {
            try await arrivals.wait(for: events * endpoints, timeout: .seconds(300))
        }
        let seconds = Self.seconds(clock.now - start)
        return [
            "run": "throughput", "endpoints": endpoints, "deliveries": drained,
            "seconds": (seconds * 100).rounded() / 100, "deliveries_per_second": (Double(drained) / seconds).rounded(),
        ]
    }

    /// With the sender idle, writes one verdict event at a time and times each to its arrival.
    func latency(_ services: AppServices, sender: @Sendable () -> WebhookSender, arrivals: Arrivals) async throws -> [String: Any] {
        let tenant = try await services.tenants.create(name: "bench latency").tenant
        let applicant = try await Self.applicant(services, tenant: tenant.id)
        _ = try await services.webhooks.create(
            tenant: tenant.id,
            url: "http://127.0.0.1:\(arrivals.port)/hooks/latency",
            description: "bench",
            eventTypes: []
        )
        arrivals.reset()
        var samples: [Double] = []
        try await withSender(sender) {
            // Let the new sender's LISTEN connection come up: before it, only the poll finds work.
            try await Task.sleep(for: .milliseconds(500))
            for index in 0..<probes {
                let written = Date()
                try await services.database.transaction(tenant.id) { tx in
                    try EventRepository.append(
                        tx,
                        tenant: tenant.id,
                        type: .applicantVerified,
                        subject: applicant.uuid,
                        applicant: applicant,
                        data: ["status": "verified"]
                    )
                }
                _ = try await arrivals.wait(for: index + 1, timeout: .seconds(10))
                samples.append((arrivals.lastArrival.timeIntervalSince(written)) * 1000)
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        let sorted = samples.sorted()
        func pick(_ p: Double) -> Double { (sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] * 10).rounded() / 10 }
        return ["run": "latency_idle", "endpoints": 1, "events": samples.count, "p50_ms": pick(0.5), "p99_ms": pick(0.99)]
    }

    /// Another tenant's backlog of deliveries drains while one event at a time is written for a
    /// probe tenant; each probe is timed from its commit to its arrival.
    func latencyUnderLoad(_ services: AppServices, sender: @Sendable () -> WebhookSender, loadedTenant: TenantID, arrivals: Arrivals)
        async throws -> [String: Any]
    {
        let events = deliveries / 100
        try await Self.queueEvents(services, tenant: loadedTenant, count: events)
        let probe = try await services.tenants.create(name: "bench probe").tenant
        let applicant = try await Self.applicant(services, tenant: probe.id)
        _ = try await services.webhooks.create(
            tenant: probe.id,
            url: "http://127.0.0.1:\(arrivals.port)/hooks/probe",
            description: "bench",
            eventTypes: []
        )
        arrivals.reset()
        var samples: [Double] = []
        try await withSender(sender) {
            var sent = 0
            while arrivals.count < events * 100 {
                let written = Date()
                try await services.database.transaction(probe.id) { tx in
                    try EventRepository.append(
                        tx,
                        tenant: probe.id,
                        type: .applicantVerified,
                        subject: applicant.uuid,
                        applicant: applicant,
                        data: ["status": "verified"]
                    )
                }
                sent += 1
                _ = try await arrivals.waitForProbes(sent, timeout: .seconds(60))
                samples.append(arrivals.lastProbe.timeIntervalSince(written) * 1000)
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        let sorted = samples.sorted()
        func pick(_ p: Double) -> Double { (sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] * 10).rounded() / 10 }
        return [
            "run": "latency_under_load", "backlog_deliveries": events * 100, "events": samples.count,
            "p50_ms": pick(0.5), "p99_ms": pick(0.99),
        ]
    }

    func withSender<T: Sendable>(_ sender: @Sendable () -> WebhookSender, _ body: () async throws -> T) async throws -> T {
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let group = ServiceGroup(services: [sender()], gracefulShutdownSignals: [], logger: logger)
        let running = Task { try await group.run() }
        defer { running.cancel() }
        let value = try await body()
        await group.triggerGracefulShutdown()
        _ = try? await running.value
        return value
    }

    /// Writes `count` verdict events, 500 to a transaction: each fans out to every endpoint.
    static func queueEvents(_ services: AppServices, tenant: TenantID, count: Int) async throws {
        let applicant = try await applicant(services, tenant: tenant)
        for batch in stride(from: 0, to: count, by: 500) {
            try await services.database.transaction(tenant) { tx in
                for _ in batch..<min(count, batch + 500) {
                    try EventRepository.append(
                        tx,
                        tenant: tenant,
                        type: .applicantVerified,
                        subject: applicant.uuid,
                        applicant: applicant,
                        data: ["status": "verified"]
                    )
                }
            }
        }
    }

    /// The applicant the benchmark's events are about.
    static func applicant(_ services: AppServices, tenant: TenantID) async throws -> ApplicantID {
        try await services.applicants.create(tenant: tenant, profile: ApplicantProfile(externalUserID: "bench-\(UUID())")).id
    }

    static func receiverRouter(_ arrivals: Arrivals) -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/hooks/{n}") { _, context -> HTTPResponse.Status in
            if context.parameters.get("n") == "probe" { arrivals.recordProbe() } else { arrivals.record() }
            return .noContent
        }
        return router
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// What the bench receiver has seen.
final class Arrivals: Sendable {
    private struct State {
        var port = 0
        var count = 0
        var last = Date.distantPast
        var probes = 0
        var lastProbe = Date.distantPast
    }

    private let state = Mutex(State())

    var port: Int { state.withLock { $0.port } }
    var lastArrival: Date { state.withLock { $0.last } }
    var lastProbe: Date { state.withLock { $0.lastProbe } }
    var count: Int { state.withLock { $0.count } }

    func recordProbe() {
        let now = Date()
        state.withLock {
            $0.probes += 1
            $0.lastProbe = now
        }
    }

    func setPort(_ port: Int) { state.withLock { $0.port = port } }
    func reset() {
        state.withLock {
            $0.count = 0
            $0.probes = 0
        }
    }

    func record() {
        let now = Date()
        state.withLock {
            $0.count += 1
            $0.last = now
        }
    }

    /// Waits until `count` arrivals; returns how many came.
    func wait(for count: Int, timeout: Duration) async throws -> Int {
        try await poll(timeout: timeout) { $0.count >= count ? $0.count : nil } ?? state.withLock { $0.count }
    }

    func waitForProbes(_ count: Int, timeout: Duration) async throws -> Int {
        try await poll(timeout: timeout) { $0.probes >= count ? $0.probes : nil } ?? state.withLock { $0.probes }
    }

    private func poll(timeout: Duration, _ done: @Sendable (State) -> Int?) async throws -> Int? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let value = state.withLock({ done($0) }) { return value }
            try await Task.sleep(for: .milliseconds(1))
        }
        return nil
    }
}
