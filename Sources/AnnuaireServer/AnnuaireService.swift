import AnnuaireSnapshot
import Hummingbird
import HummingbirdCore
import Logging
import ServiceLifecycle

/// `annuaire serve`: the snapshot as an HTTP/1.1 service. A `Router` of route groups (`/v1`,
/// `/fhir`, the operations routes) over a typed `AnnuaireContext`, middleware as types (metrics,
/// access log, errors, snapshot pinning), run as a service of a `ServiceGroup` so that SIGTERM
/// and SIGINT shut it down gracefully: the listener closes, requests in flight finish.
package struct AnnuaireService: Sendable {
    package let settings: ServerSettings
    package let store: SnapshotStore
    let logger: Logger
    let structures: StructureIndexCache
    let cache: CachePolicy

    package init(settings: ServerSettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
        store = SnapshotStore(path: settings.snapshotPath, checkInterval: settings.checkInterval, logger: logger)
        structures = StructureIndexCache(logger: logger)
        cache = CachePolicy(policy: settings.policy, maxCacheSeconds: settings.maxCacheSeconds)
        if let snapshot = store.current { _ = structures.index(for: snapshot) }
    }

    /// The router: every route and middleware.
    package func router() -> Router<AnnuaireContext> {
        // First: swift-metrics is bootstrapped when the registry is first made, and a metric made
        // before that (the middleware's gauge of requests in flight) would go nowhere.
        let metrics = ServerMetrics.shared
        let router = Router(context: AnnuaireContext.self)
        router.add(middleware: RequestMetricsMiddleware())
        router.add(middleware: AccessLogMiddleware(logger: logger))
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: SnapshotMiddleware(store: store, now: settings.now))
        OperationsRoutes(settings: settings, store: store, metrics: metrics).add(to: router)
        APIRoutes(settings: settings, cache: cache).add(to: router.group("v1"))
        FHIRRoutes(settings: settings, structures: structures, cache: cache).add(to: router.group("fhir"))
        if settings.benchRoute {
            let body = ByteBuffer(bytes: Array(repeating: UInt8(ascii: " "), count: 4096 - 2) + Array("{}".utf8))
            router.get("bench/fixed") { _, _ in
                Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
            }
        }
        return router
    }

    /// The Hummingbird application; `onServerRunning` is told the bound port (for port 0).
    package func application(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: router(),
            server: .http1(
                configuration: .init(
                    idleTimeout: .seconds(settings.idleTimeoutSeconds),
                    httpDecoderConfiguration: .init(
                        maxHeaderFieldSize: settings.maxHeaderBytes, maxHeaderListSize: settings.maxHeaderBytes * 2,
                        maxHeaderFieldCount: 100))),
            configuration: .init(
                address: .hostname(settings.host, port: settings.port), serverName: "annuaire",
                availableConnectionsDelegate: MaximumAvailableConnections(settings.maxConnections, logger: logger)),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// Serves until SIGTERM or SIGINT, then shuts down gracefully.
    package func run(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = application(onServerRunning: onServerRunning)
        let group = ServiceGroup(
            configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
