import HTTPTypes
import Hummingbird
import Synchronization
import VouchCore

/// What a merchant route asks of the calling key, declared where the route is registered so that
/// middleware running before the handler (idempotent replays) applies the same rule.
public struct MerchantRouteAccess: Sendable, Equatable {
    /// Every scope the key must hold.
    public var scopes: Set<Scope>
    /// Whether a response to an `Idempotency-Key` is kept and replayed. Off for requests that
    /// change nothing and answer about many applicants, which a replay would keep past erasure.
    public var replaysIdempotently: Bool
}

/// The routes the server registered, for `vouch routes` and the check that `openapi.yaml`
/// describes exactly these, with the scopes each merchant route requires.
public final class RouteRegistry: Sendable {
    private let entries = Mutex<[String]>([])
    private let access = Mutex<[String: MerchantRouteAccess]>([:])

    public init() {}

    /// `METHOD /path` lines in registration order.
    public var routes: [String] { entries.withLock { $0 } }

    /// What the merchant route `path` (as registered, `/v1/applicants/{id}`) asks of a key, or
    /// nil for a route that is not a merchant route.
    public func access(_ method: HTTPRequest.Method, _ path: String) -> MerchantRouteAccess? {
        access.withLock { $0["\(method.rawValue) \(path)"] }
    }

    /// The methods registered for the routes whose template matches `path` (a request's path,
    /// `{…}` in a template matching any one segment), in registration order: what a `405`'s
    /// `Allow` lists when a path is known but its method is not.
    public func methods(matching path: String) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        var methods: [String] = []
        for route in routes {
            guard let space = route.firstIndex(of: " ") else { continue }
            let template = route[route.index(after: space)...].split(separator: "/", omittingEmptySubsequences: false)
            guard template.count == segments.count else { continue }
            let matches = zip(template, segments).allSatisfy { pattern, segment in
                pattern.hasPrefix("{") ? !segment.isEmpty : pattern == segment
            }
            let method = String(route[..<space])
            if matches && !methods.contains(method) { methods.append(method) }
        }
        return methods
    }

    func record(_ method: HTTPRequest.Method, _ path: String, access routeAccess: MerchantRouteAccess? = nil) {
        let route = "\(method.rawValue) \(path)"
        entries.withLock { $0.append(route) }
        if let routeAccess { access.withLock { $0[route] = routeAccess } }
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

extension RouterMethods where Context == TenantContext {
    /// Registers a merchant handler that runs only for keys holding every one of `scopes` (403
    /// `insufficient_scope` otherwise), and records the route with its scopes.
    @discardableResult
    func on(
        _ method: HTTPRequest.Method,
        _ path: String,
        requiring scopes: Set<Scope>,
        replaysIdempotently: Bool = true,
        in registry: RouteRegistry,
        use handler: @Sendable @escaping (Request, Context) async throws -> Response
    ) -> Self {
        precondition(!scopes.isEmpty, "a merchant route requires at least one scope")
        registry.record(method, path, access: MerchantRouteAccess(scopes: scopes, replaysIdempotently: replaysIdempotently))
        return on(RouterPath(path), method: method) { request, context in
            try context.require(scopes)
            return try await handler(request, context)
        }
    }
}
