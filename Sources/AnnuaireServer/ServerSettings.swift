import AnnuaireParsing
import AnnuaireSnapshot
import Foundation

/// What `annuaire serve` is told: where to listen, which snapshot, how to judge freshness, and the
/// limits at the edge.
package struct ServerSettings: Sendable {
    /// Loopback by default: the service is exposed only on purpose.
    package var host: String = "127.0.0.1"
    /// 0 picks an ephemeral port (tests).
    package var port: Int = 8080
    /// The snapshot file; a new file renamed over it is picked up within `checkInterval` seconds.
    package var snapshotPath: String
    package var policy: FreshnessPolicy = .standard
    /// The time freshness is judged at (a fixed time for tests and replays; default the clock).
    package var now: @Sendable () -> ExtractTime = { ExtractTime.now }
    /// How often, at most, the snapshot file's identity (device and inode) is checked.
    package var checkInterval: Double = 1
    /// The largest request body accepted (bulk lookups), in bytes.
    package var maxBodyBytes: Int = 1 << 20
    /// The most identifiers in one bulk lookup.
    package var maxBulkIdentifiers: Int = 10_000
    /// The most connections open at once; further ones wait in the listen backlog.
    package var maxConnections: Int = 1024
    /// A connection idle (or a client that stops sending) for this long is closed.
    package var idleTimeoutSeconds: Int64 = 30
    /// The largest header field and the largest header block accepted, in bytes.
    package var maxHeaderBytes: Int = 16 * 1024
    /// The longest `Cache-Control: max-age` given, in seconds (a new snapshot may land any night).
    package var maxCacheSeconds: Int64 = 300
    /// Adds `GET /bench/fixed`, a fixed 4 KB JSON body with no lookup: the ceiling of the HTTP
    /// stack that the load benchmark measures beside the lookups.
    package var benchRoute = false

    package init(snapshotPath: String) { self.snapshotPath = snapshotPath }
}

extension ExtractTime {
    /// The current time, to the second.
    package static var now: ExtractTime {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return ExtractTime(secondsSince1970: Int64(ts.tv_sec))
    }
}
