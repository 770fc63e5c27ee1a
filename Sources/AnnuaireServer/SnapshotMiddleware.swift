import AnnuaireParsing
import AnnuaireSnapshot
import HTTPTypes
import Hummingbird

/// Pins the current snapshot and the time in the request's context, and says which snapshot
/// answered in the `Annuaire-Snapshot` header (its creation time).
struct SnapshotMiddleware: RouterMiddleware {
    typealias Context = AnnuaireContext
    let store: SnapshotStore
    let now: @Sendable () -> ExtractTime

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let snapshot = store.current
        context.snapshot = snapshot
        context.now = now()
        var response = try await next(request, context)
        if let snapshot { response.headers[.annuaireSnapshot] = snapshot.createdAt.description }
        return response
    }
}

extension HTTPField.Name {
    /// `Annuaire-Snapshot: <creation time of the snapshot that answered>`.
    static let annuaireSnapshot = HTTPField.Name("Annuaire-Snapshot")!
}
