import Hummingbird
import Prometheus

/// `GET /metrics`: the Prometheus text format. It carries no tenant data (routes are templates,
/// never ids), but the gateway keeps it off the public side all the same.
struct MetricsController {
    let registry: PrometheusCollectorRegistry

    func addRoutes(to router: Router<VouchRequestContext>, registry routes: RouteRegistry) {
        router.on(.get, "/metrics", in: routes) { _, _ in
            var buffer: [UInt8] = []
            buffer.reserveCapacity(16 * 1024)
            self.registry.emit(into: &buffer)
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer))
            )
        }
    }
}
