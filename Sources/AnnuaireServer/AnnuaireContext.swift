import AnnuaireParsing
import AnnuaireSnapshot
import Hummingbird

/// The request context of the service: Hummingbird's core storage, plus the snapshot and the
/// time this request is answered from (pinned by `SnapshotMiddleware`, so that one request sees one
/// snapshot from start to end).
package struct AnnuaireContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    /// The snapshot this request is answered from; `nil` while none is open.
    package var snapshot: Snapshot?
    /// The time freshness is judged at for this request.
    package var now = ExtractTime(secondsSince1970: 0)

    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Bodies are read by the routes themselves, with the configured limit.
    package var maxUploadSize: Int { 1 << 20 }

    /// The pinned snapshot, or 503 when none is open.
    func requireSnapshot() throws -> Snapshot {
        guard let snapshot else { throw ServiceError(.serviceUnavailable, "no snapshot is open yet") }
        return snapshot
    }
}
