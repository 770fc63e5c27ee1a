import AnnuaireFHIR
import AnnuaireSnapshot
import Hummingbird

/// Turns every error into a 4xx (or a 503 while no snapshot is open) with a clear body: JSON
/// `{"error", "status"}` for `/v1` and the rest, an `OperationOutcome` under `/fhir`. Unknown
/// routes, oversized bodies and bad parameters all come through here; nothing reaches the client
/// as a dropped connection.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AnnuaireContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let e = Self.serviceError(error, path: request.uri.path)
            if request.uri.path.hasPrefix("/fhir") {
                return JSONResponse.make(
                    OperationOutcome.error(e.issueCode, e.message), status: e.status, contentType: JSONResponse.fhirJSON)
            }
            return JSONResponse.make(
                .object([("error", .string(e.message)), ("status", .number(Double(e.status.code)))]), status: e.status)
        }
    }

    static func serviceError(_ error: any Error, path: String) -> ServiceError {
        switch error {
        case let e as ServiceError: return e
        case let e as HTTPError:
            if e.status == .notFound, e.body == nil { return ServiceError(.notFound, "no route \(path) (see /openapi.json)") }
            if e.status == .contentTooLarge { return ServiceError(.contentTooLarge, e.body ?? "the request body is too large") }
            return ServiceError(e.status, e.body ?? e.status.reasonPhrase)
        case let e as any HTTPResponseError:
            return ServiceError(e.status, e.status.code == 413 ? "the request body is too large" : e.status.reasonPhrase)
        default:
            // A damaged snapshot or an unexpected failure: said, not hidden.
            return ServiceError(.internalServerError, String(describing: error))
        }
    }
}
