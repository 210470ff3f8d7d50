import HTTPTypes
import Hummingbird
import Synchronization

/// The routes the server registered, for `vouch routes` and the check that `openapi.yaml`
/// describes exactly these.
public final class RouteRegistry: Sendable {
    private let entries = Mutex<[String]>([])

    public init() {}

    /// `METHOD /path` lines in registration order.
    public var routes: [String] { entries.withLock { $0 } }

    func record(_ method: HTTPRequest.Method, _ path: String) {
        entries.withLock { $0.append("\(method.rawValue) \(path)") }
    }
}

extension RouterMethods {
    /// Registers a handler and records the route.
    @discardableResult
    func on(
        _ method: HTTPRequest.Method,
        _ path: String,
        in registry: RouteRegistry,
        use handler: @Sendable @escaping (Request, Context) async throws -> Response
    ) -> Self {
        registry.record(method, path)
        return on(RouterPath(path), method: method, use: handler)
    }
}
