#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Carries the quarantined lines of a part read on another thread to the thread that delivers
/// every part's in line order: the part's thread holds them (`hold`) until the delivering thread,
/// done with the parts before, takes them (`deliver`). At most `maxHeldBytes` are held: past
/// that, the part's thread waits for the delivering thread, so memory stays bounded whatever the
/// number of quarantined lines.
final class QuarantineRelay: @unchecked Sendable {
    // @unchecked Sendable: every field is guarded by `lock`.
    private var held: [(path: String, line: QuarantinedLine, bytes: [UInt8])] = []
    private var heldBytes = 0
    private var finished = false
    private var cancelled = false
    private let lock = Lock()
    /// The bytes held before the part's thread waits (a line counts its bytes and 256 more).
    let maxHeldBytes: Int

    init(maxHeldBytes: Int = 64 << 20) {
        self.maxHeldBytes = maxHeldBytes
    }

    /// On the part's thread: keeps a quarantined line for `deliver`, after waiting while too many
    /// bytes are held; drops it once `cancel` was called.
    func hold(_ path: String, _ line: QuarantinedLine, _ bytes: UnsafeRawBufferPointer) {
        lock.withLock {
            while heldBytes >= maxHeldBytes && !cancelled { lock.wait() }
            if !cancelled {
                held.append((path, line, Array(bytes)))
                heldBytes += bytes.count + 256
            }
        }
        lock.broadcast()
    }

    /// On the part's thread, once it is done (read or failed): `deliver` returns after the lines
    /// held.
    func finish() {
        lock.withLock { finished = true }
        lock.broadcast()
    }

    /// On the delivering thread: stops holding lines (and waiting), e.g. when an earlier part
    /// failed.
    func cancel() {
        lock.withLock {
            cancelled = true
            held = []
        }
        lock.broadcast()
    }

    /// On the delivering thread: passes the lines held, and those still to come, to `sink` in
    /// the order they were held, until the part's thread calls `finish`.
    func deliver(to sink: (String, QuarantinedLine, UnsafeRawBufferPointer) -> Void) {
        while true {
            let (batch, done) = lock.withLock {
                while held.isEmpty && !finished { lock.wait() }
                defer {
                    held = []
                    heldBytes = 0
                }
                return (held, finished)
            }
            lock.broadcast()
            for entry in batch { entry.bytes.withUnsafeBytes { sink(entry.path, entry.line, $0) } }
            if done { return }
        }
    }
}
