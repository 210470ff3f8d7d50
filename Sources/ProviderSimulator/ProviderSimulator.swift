import Crypto
import Foundation
import HTTPTransport
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import Verification

/// A stand-in for the sanctions screening service (the yente match API) and the regulator, on
/// loopback, with deterministic outcomes (`SimulatedOutcomes`): for development, demos and tests.
///
/// It signs its regulator callbacks itself, with HMAC-SHA256 over the raw body, exactly as a
/// regulator would: nothing of Vouch's own verification code is used to make them.
public final class ProviderSimulator: Sendable {
    struct State {
        var port: Int?
        var callbackURL: String?
        var outage = false
        var requests: [String: Int] = [:]
        var callbacksSent = 0
        /// The version of the lists it serves, and the entries changed by later versions.
        var listVersion = ProviderSimulator.firstListVersion
        var entryChanges: [String: String] = [:]
    }

    public let settings: SimulatorSettings
    let state: Mutex<State>
    let transport: HTTPTransport
    let logger: Logger

    public init(settings: SimulatorSettings, logger: Logger = Logger(label: "vouch.simulator")) {
        self.settings = settings
        self.state = Mutex(State(callbackURL: settings.callbackURL))
        self.transport = HTTPTransport(threadName: "sim-callbacks")
        self.logger = logger
    }

    /// The port it listens on, once running.
    public var port: Int? { state.withLock { $0.port } }

    /// Points the callbacks elsewhere (tests learn the server's port only once it runs).
    public func setCallbackURL(_ url: String?) { state.withLock { $0.callbackURL = url } }

    /// While on, every API request answers 503: the provider is down.
    public func setOutage(_ down: Bool) { state.withLock { $0.outage = down } }

    /// Requests answered so far, by route (`match`, `verifications`).
    public func requestCount(_ route: String) -> Int { state.withLock { $0.requests[route, default: 0] } }

    public var callbacksSent: Int { state.withLock { $0.callbacksSent } }

    /// Publishes a new version of the lists in which `entries` (candidate ids) changed: the
    /// catalog shows the version, and the entries' `last_change` moves to now.
    public func publishListVersion(_ version: String, changing entries: [String]) {
        let now = ISO8601DateFormatter().string(from: Date())
        state.withLock { state in
            state.listVersion = version
            for entry in entries { state.entryChanges[entry] = now }
        }
    }

    /// The version the lists start at.
    public static let firstListVersion = "20261201000000-sim"
    /// When an entry last changed, for entries no published version changed.
    static let firstEntryChange = "2026-11-01T00:00:00Z"

    /// The HTTP server, as a service to run.
    public func application() -> some ApplicationProtocol {
        let router = Router()
        router.add(middleware: SimulatorMark())
        router.get("/healthz") { _, _ in "ok" }
        router.post("/match/{dataset}") { request, context in try await self.match(request, context: context) }
        router.get("/catalog") { _, _ in try self.catalog() }
        router.post("/_simulator/lists") { request, context in try await self.publish(request, context: context) }
        router.post("/verifications") { request, context in try await self.verify(request, context: context) }
        return Application(
            router: router,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "vouch-simulator"),
            services: [transport],
            onServerRunning: { channel in self.state.withLock { $0.port = channel.localAddress?.port } },
            logger: logger
        )
    }

    /// Counts the request; true when an outage is switched on.
    func arrive(_ route: String) -> Bool {
        state.withLock { state in
            state.requests[route, default: 0] += 1
            return state.outage
        }
    }

    static func json(_ value: Any, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
        return Response(
            status: status,
            headers: [.contentType: "application/json", HTTPField.Name("X-Request-Id")!: "sim_\(UUID().uuidString.prefix(8))"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }

    static func object(_ request: inout Request) async throws -> [String: Any]? {
        let body = try await request.collectBody(upTo: 1024 * 1024)
        return try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
    }

    static let unavailable = Response(status: .serviceUnavailable, headers: [.retryAfter: "1"])
}

/// Marks every answer as the simulator's (`Vouch-Simulator: 1`), so a server that was pointed
/// at it by mistake can tell, and refuse to take its answers as real ones.
struct SimulatorMark<Context: RequestContext>: RouterMiddleware {
    static var field: HTTPField.Name { HTTPField.Name("Vouch-Simulator")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[Self.field] = "1"
        return response
    }
}
