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
    // @unchecked Sendable: every field is guarded by `mutex`.
    private var held: [(path: String, line: QuarantinedLine, bytes: [UInt8])] = []
    private var heldBytes = 0
    private var finished = false
    private var cancelled = false
    private var mutex = pthread_mutex_t()
    private var changed = pthread_cond_t()
    /// The bytes held before the part's thread waits (a line counts its bytes and 256 more).
    let maxHeldBytes: Int

    init(maxHeldBytes: Int = 64 << 20) {
        self.maxHeldBytes = maxHeldBytes
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&changed, nil)
    }

    deinit {
        pthread_mutex_destroy(&mutex)
        pthread_cond_destroy(&changed)
    }

    /// On the part's thread: keeps a quarantined line for `deliver`, after waiting while too many
    /// bytes are held; drops it once `cancel` was called.
    func hold(_ path: String, _ line: QuarantinedLine, _ bytes: UnsafeRawBufferPointer) {
        pthread_mutex_lock(&mutex)
        while heldBytes >= maxHeldBytes && !cancelled { pthread_cond_wait(&changed, &mutex) }
        if !cancelled {
            held.append((path, line, Array(bytes)))
            heldBytes += bytes.count + 256
        }
        pthread_mutex_unlock(&mutex)
        pthread_cond_broadcast(&changed)
    }

    /// On the part's thread, once it is done (read or failed): `deliver` returns after the lines
    /// held.
    func finish() {
        pthread_mutex_lock(&mutex)
        finished = true
        pthread_mutex_unlock(&mutex)
        pthread_cond_broadcast(&changed)
    }

    /// On the delivering thread: stops holding lines (and waiting), e.g. when an earlier part
    /// failed.
    func cancel() {
        pthread_mutex_lock(&mutex)
        cancelled = true
        held = []
        pthread_mutex_unlock(&mutex)
        pthread_cond_broadcast(&changed)
    }

    /// On the delivering thread: passes the lines held, and those still to come, to `sink` in
    /// the order they were held, until the part's thread calls `finish`.
    func deliver(to sink: (String, QuarantinedLine, UnsafeRawBufferPointer) -> Void) {
        while true {
            pthread_mutex_lock(&mutex)
            while held.isEmpty && !finished { pthread_cond_wait(&changed, &mutex) }
            let batch = held
            let done = finished
            held = []
            heldBytes = 0
            pthread_mutex_unlock(&mutex)
            pthread_cond_broadcast(&changed)
            for entry in batch { entry.bytes.withUnsafeBytes { sink(entry.path, entry.line, $0) } }
            if done { return }
        }
    }
}
