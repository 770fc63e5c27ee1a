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
        let pinned = store.pinned
        context.snapshot = pinned?.snapshot
        context.now = now()
        var response = try await next(request, context)
        if let pinned { response.headers[.annuaireSnapshot] = pinned.created }
        return response
    }
}

extension HTTPField.Name {
    /// `Annuaire-Snapshot: <creation time of the snapshot that answered>`.
    static let annuaireSnapshot = HTTPField.Name("Annuaire-Snapshot")!
}
