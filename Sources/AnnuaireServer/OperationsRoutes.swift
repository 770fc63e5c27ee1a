import AnnuaireParsing
import AnnuaireSnapshot
import Hummingbird

/// `/healthz`, `/readyz`, `/metrics` and `/openapi.json`: what a load balancer, a monitor and an
/// integrator call.
struct OperationsRoutes {
    let settings: ServerSettings
    let store: SnapshotStore
    let metrics: ServerMetrics

    func add(to router: Router<AnnuaireContext>) {
        router.get("healthz", use: healthz)
        router.get("readyz", use: readyz)
        router.get("metrics", use: metricsText)
        router.get("openapi.json", use: openapi)
    }

    /// 200 while the process serves.
    @Sendable func healthz(_ request: Request, context: AnnuaireContext) async throws -> Response {
        JSONResponse.make(.object([("status", .string("ok"))]), headers: [.cacheControl: "no-store"])
    }

    /// 200 when a snapshot is open and no source is stale under the policy; else 503 with the
    /// stale sources (or why no snapshot is open).
    @Sendable func readyz(_ request: Request, context: AnnuaireContext) async throws -> Response {
        guard let snapshot = context.snapshot else {
            return JSONResponse.make(
                .object([("ready", .bool(false)), ("reason", .string(store.problem ?? "no snapshot is open"))]),
                status: .serviceUnavailable,
                headers: [.cacheControl: "no-store"])
        }
        let report = StatusReport(snapshot, policy: settings.policy, now: context.now)
        let stale = report.staleLines
        var members: [(String, JSONValue)] = [
            ("ready", .bool(stale.isEmpty)), ("snapshot", .string(snapshot.createdAt.description)),
            ("now", .string(context.now.description)),
        ]
        members.append(
            (
                "stale",
                .array(
                    stale.map { line in
                        let o = line.output
                        var m: [(String, JSONValue)] = [("source", .string(o.source)), ("family", .string(o.family))]
                        m.append(("extractTime", o.extractTime.map { .string($0.description) } ?? .null))
                        m.append(("expires", o.expires.map { .string($0.description) } ?? .null))
                        if let overdue = o.overdueSeconds { m.append(("overdueSeconds", .number(Double(overdue)))) }
                        return .object(m)
                    })
            ))
        if let problem = store.problem { members.append(("problem", .string(problem))) }
        return JSONResponse.make(.object(members), status: stale.isEmpty ? .ok : .serviceUnavailable, headers: [.cacheControl: "no-store"])
    }

    /// The Prometheus text format.
    @Sendable func metricsText(_ request: Request, context: AnnuaireContext) async throws -> Response {
        let report = context.snapshot.map { StatusReport($0, policy: settings.policy, now: context.now) }
        let bytes = metrics.exposition(snapshot: context.snapshot, report: report, now: context.now.secondsSince1970)
        return JSONResponse.make(
            bytes: bytes, contentType: "text/plain; version=0.0.4; charset=utf-8", headers: [.cacheControl: "no-store"])
    }

    /// The OpenAPI 3.1 description of the service.
    @Sendable func openapi(_ request: Request, context: AnnuaireContext) async throws -> Response {
        JSONResponse.make(bytes: Array(OpenAPIDocument.text.utf8), contentType: JSONResponse.json)
    }
}
