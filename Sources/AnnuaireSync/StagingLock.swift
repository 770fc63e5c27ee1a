import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive lock on a data directory's staging folder for the length of one sync: two syncs at
/// once (a cron run and a hand-run one) would write the same partial files. Released by
/// `release()`, or when the value goes away, or when the process ends.
final class StagingLock {
    private var fd: Int32

    /// Takes the lock, or throws at once when another sync holds it.
    init(_ staging: String) throws {
        try makeDirectory(staging)
        let path = staging + "/.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SyncError.file(path: path, detail: "cannot open the lock file: \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw SyncError.file(path: path, detail: "another annuaire sync is running on this data directory; try again when it ends")
        }
        self.fd = fd
    }

    /// Releases the lock (once; later calls do nothing).
    func release() {
        if fd >= 0 { close(fd) }
        fd = -1
    }

    deinit { release() }
}
