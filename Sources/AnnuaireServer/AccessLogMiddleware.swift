import Hummingbird
import Logging

/// One access-log line per request through swift-log: method, path, status, duration, size.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = AnnuaireContext

    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard logger.logLevel <= .info else { return try await next(request, context) }
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let micros = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        logger.info(
            "\(request.method) \(request.uri) \(response.status.code)",
            metadata: ["duration_us": "\(micros)", "bytes": "\(response.body.contentLength ?? -1)"])
        return response
    }
}
