import AnnuaireSnapshot
import Metrics
import Prometheus
import Synchronization

/// The process's metrics: swift-metrics bootstrapped once with swift-prometheus's factory, so that
/// `RequestMetricsMiddleware` (requests by route and status, the latency histogram) and the
/// service's own gauges (snapshot age per source) land in one registry, written at `/metrics`.
package final class ServerMetrics: Sendable {
    /// The one registry of the process (swift-metrics allows one bootstrap per process).
    package static let shared = ServerMetrics()

    package let registry: PrometheusCollectorRegistry

    private init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5), .milliseconds(5),
            .milliseconds(10), .milliseconds(25), .milliseconds(100), .milliseconds(500), .seconds(1),
        ]
        MetricsSystem.bootstrap(factory)
    }

    /// Sets the age gauges of the answering snapshot, then writes the registry in the Prometheus
    /// text format.
    func exposition(snapshot: Snapshot?, report: StatusReport?, now: Int64) -> [UInt8] {
        if let snapshot {
            registry.makeGauge(
                descriptor: Self.name("snapshot_created", "seconds", "Creation time of the snapshot that answers (Unix time).")
            )
            .set(Double(snapshot.createdAt.secondsSince1970))
            registry.makeGauge(descriptor: Self.name("snapshot_practitioners", "", "Practitioners in the snapshot that answers."))
                .set(Double(snapshot.count))
        }
        for line in report?.lines ?? [] {
            let labels = [("source", line.source.rawValue), ("family", line.family.rawValue)]
            if let time = line.extractTime {
                registry.makeGauge(
                    descriptor: Self.name(
                        "source_age", "seconds", "Seconds since the extract time of each source's newest file in the snapshot."),
                    labels: labels
                ).set(Double(now - time.secondsSince1970))
            }
            registry.makeGauge(
                descriptor: Self.name("source_stale", "", "1 when the source is stale under the policy, else 0."), labels: labels
            )
            .set((line.verdict?.isFresh ?? false) ? 0.0 : 1.0)
        }
        return registry.emitToBuffer()
    }

    /// `annuaire_<metric>_<unit>`.
    static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "annuaire", metricName: metric, unitName: unit, helpText: help)
    }
}
