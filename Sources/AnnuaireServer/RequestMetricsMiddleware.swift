import Dispatch
import Hummingbird
import Metrics
import Synchronization

/// Requests by route, method and status (`hb_requests`), their latency (the
/// `http_server_request_duration` histogram), the requests in flight
/// (`http_server_active_requests`) and those the service failed (`hb_request_errors`: a 5xx
/// answer): the names and labels of Hummingbird's `MetricsMiddleware`. It runs outside
/// `ErrorMiddleware`, which turns every error into an answer, so it sees answers only.
///
/// Unlike that middleware, it records when the handler returns rather than after the body is
/// written: every body of this service is already in memory by then, and wrapping it in a
/// closure to record afterwards would cost Hummingbird's single-write path for in-memory bodies
/// (a fifth of the service's throughput on two cores). The latency is therefore the time to make
/// the answer, not to send it.
struct RequestMetricsMiddleware: RouterMiddleware {
    typealias Context = AnnuaireContext

    let metrics = RequestMetrics()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        metrics.active.increment()
        defer { metrics.active.decrement() }
        let response = try await next(request, context)
        metrics.record(
            context.endpointPath ?? "Unknown", request.method, response.status.code,
            nanoseconds: DispatchTime.now().uptimeNanoseconds - start)
        return response
    }
}

/// The metric objects of each (route, method, status) met so far, made once.
final class RequestMetrics: Sendable {
    struct Key: Hashable {
        let route: String
        let method: HTTPRequest.Method
        let status: Int
    }
    struct Metrics: Sendable {
        let requests: Counter
        let duration: Timer
        let errors: Counter

        init(_ key: Key) {
            let dimensions = [
                ("http.route", key.route), ("http.request.method", key.method.rawValue), ("http.response.status_code", String(key.status)),
            ]
            requests = Counter(label: "hb.requests", dimensions: dimensions)
            duration = Timer(label: "http.server.request.duration", dimensions: dimensions, preferredDisplayUnit: .seconds)
            errors = Counter(label: "hb.request.errors", dimensions: dimensions)
        }
    }
    let active = Meter(label: "http.server.active_requests")
    private let made = Mutex<[Key: Metrics]>([:])

    func record(_ route: String, _ method: HTTPRequest.Method, _ status: Int, nanoseconds: UInt64) {
        let key = Key(route: route, method: method, status: status)
        let metrics = made.withLock { made in
            if let known = made[key] { return known }
            let new = Metrics(key)
            made[key] = new
            return new
        }
        metrics.requests.increment()
        metrics.duration.recordNanoseconds(Int64(clamping: nanoseconds))
        if status >= 500 { metrics.errors.increment() }
    }
}
