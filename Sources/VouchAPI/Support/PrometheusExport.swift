import Metrics
import Prometheus

/// The process's Prometheus registry, behind swift-metrics: everything the server counts with
/// `Counter`, `Timer` and `Gauge` (Hummingbird's request metrics among them) is shown on
/// `/metrics`. swift-metrics can be bootstrapped once per process, so this is made once.
public enum PrometheusExport {
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Hummingbird names its metrics with dots (`http.server.request.duration`); Prometheus
        // allows only letters, digits and underscores.
        factory.nameAndLabelSanitizer = { name, labels in
            (sanitized(name), labels.map { (sanitized($0.0), $0.1) })
        }
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10),
        ]
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    /// Makes sure the registry is in place before any metric is created.
    public static func bootstrap() {
        _ = registry
    }

    static func sanitized(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" ? $0 : "_" })
    }
}
