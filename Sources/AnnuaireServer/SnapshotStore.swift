import AnnuaireParsing
import AnnuaireSnapshot
import Foundation
import Logging
import Synchronization

/// The snapshot the service answers from, swapped live: at most every `checkInterval` seconds,
/// the first request that comes compares the identity (device and inode) of the file at the path
/// with the one it opened; a different file is opened and becomes current. A request takes the
/// current `Snapshot` once and keeps that reference, so requests in flight finish on the old
/// mapping (unmapped when the last of them lets go) and none sees a half-opened file: an ingest
/// renames a complete file into place, and a file that fails to open is logged and ignored.
package final class SnapshotStore: Sendable {
    /// The path watched.
    package let path: String
    let checkInterval: Double
    let logger: Logger

    struct State {
        var snapshot: Snapshot?
        /// The snapshot's creation time as the `Annuaire-Snapshot` header gives it, made once.
        var created = ""
        var identity: FileIdentity?
        var lastCheck: Double = -.infinity
        /// Why no snapshot is open, or why the last new file was refused.
        var problem: String?
    }
    private let state: Mutex<State>

    /// Opens the snapshot at `path` when it can; a service with none answers 503 until one appears.
    package init(path: String, checkInterval: Double = 1, logger: Logger) {
        self.path = path
        self.checkInterval = checkInterval
        self.logger = logger
        state = Mutex(State())
        refresh(force: true)
    }

    /// The current snapshot, after a check of the file's identity when one is due.
    package var current: Snapshot? { pinned?.snapshot }

    /// The current snapshot and its creation time as text, after a check of the file's identity
    /// when one is due.
    var pinned: (snapshot: Snapshot, created: String)? {
        let now = monotonicSeconds()
        let (due, pinned) = state.withLock { s -> (Bool, (Snapshot, String)?) in
            let current = s.snapshot.map { ($0, s.created) }
            guard now - s.lastCheck >= checkInterval else { return (false, current) }
            s.lastCheck = now
            return (true, current)
        }
        guard due else { return pinned }
        refresh(force: false)
        return state.withLock { s in s.snapshot.map { ($0, s.created) } }
    }

    /// Why no snapshot is open (or the last new file was refused), if so.
    package var problem: String? { state.withLock { $0.problem } }

    /// Opens the file at the path when its identity differs from the open one's (or when forced).
    /// Identity is read before opening: a rename in between only causes one more open later.
    package func refresh(force: Bool) {
        guard let identity = FileIdentity(path: path) else {
            state.withLock { s in if s.snapshot == nil { s.problem = "no snapshot at \(path)" } }
            return
        }
        let known = state.withLock { $0.identity }
        guard force || identity != known else { return }
        do {
            let snapshot = try Snapshot(path: path)
            let previous = state.withLock { s -> Snapshot? in
                let old = s.snapshot
                s.snapshot = snapshot
                s.created = snapshot.createdAt.description
                s.identity = identity
                s.problem = nil
                return old
            }
            if let previous {
                logger.info(
                    "snapshot swapped",
                    metadata: ["path": "\(path)", "created": "\(snapshot.createdAt)", "previous": "\(previous.createdAt)"])
            } else {
                logger.info("snapshot opened", metadata: ["path": "\(path)", "created": "\(snapshot.createdAt)"])
            }
        } catch {
            // Remember the identity so that a bad file is not reopened every second; a new rename
            // changes it again.
            state.withLock { s in
                s.identity = identity
                s.problem = "\(path): \(error)"
            }
            logger.error("snapshot not opened; still answering from the previous one", metadata: ["error": "\(error)"])
        }
    }
}

/// A file's device and inode: a rename over the path gives a new identity.
struct FileIdentity: Equatable, Sendable {
    var device: UInt64
    var inode: UInt64

    init?(path: String) {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
    }
}

/// Seconds on the monotonic clock.
func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
