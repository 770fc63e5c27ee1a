@_spi(Internals) import AnnuaireParsing

#if canImport(Glibc)
    import Glibc
#endif

/// The exclusive lock of one writer on a data directory: `flock(LOCK_EX)` on a lock file in it.
///
/// An ingest holds it from before it opens its base snapshot until after the rename, so two
/// ingests into one directory run one after the other and the second builds on what the first
/// wrote. Readers never take it. The lock belongs to the open file description, so it goes away
/// with the process, however the process ends; the file keeps the holder's PID as text, for the
/// message of a writer that finds it held. `~Copyable`: released once, by `release()` or when
/// the owner goes away.
public struct DataDirectoryLock: ~Copyable {
    /// The lock file.
    public let path: String
    private let file: SystemFile

    /// How long to wait for a lock another process holds.
    public enum WaitPolicy: Sendable, Equatable {
        /// Fail at once (`DataDirectoryLockError.held`).
        case noWait
        /// Wait up to this many seconds, then fail (`DataDirectoryLockError.timedOut`).
        case upTo(seconds: Double)

        /// Ten minutes: long enough for a national ingest ahead of us.
        public static let standard = WaitPolicy.upTo(seconds: 600)
    }

    /// Takes the lock on `path` (created if absent), waiting as `wait` says. `waiting` is called
    /// once, with the holder's PID (nil when unknown), when the lock is found held and `wait`
    /// allows waiting.
    public init(path: String, wait: WaitPolicy = .standard, waiting: ((Int32?) -> Void)? = nil) throws(DataDirectoryLockError) {
        self.path = path
        let file: SystemFile
        do { file = try SystemFile.open(path, O_CREAT | O_RDWR, mode: 0o644) } catch {
            throw .cannotOpen(path: path, errno: error.rawValue)
        }
        let fd = file.descriptor
        var told = false
        let start = monotonicSeconds()
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let err = errno
            if err == EINTR { continue }
            guard err == EWOULDBLOCK else { throw .cannotOpen(path: path, errno: err) }
            let holder = Self.holder(file)
            switch wait {
            case .noWait:
                throw .held(path: path, pid: holder)
            case .upTo(let seconds):
                if monotonicSeconds() - start >= seconds { throw .timedOut(path: path, pid: holder, seconds: seconds) }
                if !told {
                    told = true
                    waiting?(holder)
                }
                // Polled rather than blocking in flock, so the wait has a deadline: 20 ms is
                // nothing beside an ingest.
                usleep(20_000)
            }
        }
        // Ours now: the file says who holds it (a dead holder's PID is simply overwritten).
        try? file.truncate(to: 0)
        try? file.write(Array("\(getpid())\n".utf8), at: 0)
        self.file = file
    }

    /// The PID written in the lock file by its holder, if it has written one yet.
    private static func holder(_ file: borrowing SystemFile) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { (try? file.read(into: $0, at: 0)) ?? 0 }
        guard n > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<n], as: UTF8.self).trimmingWhitespace)
    }

    /// Releases the lock (the file stays, for the next writer).
    public consuming func release() {
        // Consuming `self` ends its life here: `deinit` unlocks and closes.
    }

    deinit {
        // The file closes with `file`; the lock is let go first, explicitly.
        flock(file.descriptor, LOCK_UN)
    }
}

/// Why a writer could not take a data directory's lock.
public enum DataDirectoryLockError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The lock file cannot be created or opened; `errno` says why.
    case cannotOpen(path: String, errno: Int32)
    /// Another process holds it and the policy was not to wait.
    case held(path: String, pid: Int32?)
    /// Another process held it for the whole wait.
    case timedOut(path: String, pid: Int32?, seconds: Double)

    public var description: String {
        switch self {
        case let .cannotOpen(path, err):
            return "cannot open the lock file \(path) (\(systemMessage(err))): check the data directory's permissions."
        case let .held(path, pid):
            return
                "another ingest (\(Self.process(pid))) is writing to this data directory (it holds \(path)); nothing was changed. Run again when it is done, or with --wait DURATION to wait for it."
        case let .timedOut(path, pid, seconds):
            return
                "another ingest (\(Self.process(pid))) held \(path) for the whole wait (\(describeDuration(Int64(seconds.rounded())))); nothing was changed. Run again when it is done, or with a longer --wait."
        }
    }

    private static func process(_ pid: Int32?) -> String { pid.map { "PID \($0)" } ?? "PID not yet written" }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
