@_spi(Internals) import AnnuaireParsing

#if canImport(Glibc)
    import Glibc
#endif

/// Writes buffers to a file on a thread of its own, in the order they are handed over, so that the
/// kernel's copy of a snapshot's gigabyte into the page cache runs beside the merge that makes it
/// instead of after each of its buffers. At most `depth` buffers are in flight: a writer that runs
/// ahead waits. The first error is kept and given to the next `hand` or `drain`.
final class WriteBehind: @unchecked Sendable {
    // @unchecked Sendable: every shared field is guarded by `lock`; a buffer belongs to the writing
    // thread (queued) or to the caller (free), never to both.
    private final class Buffer {
        var sink = ByteSink(capacity: 4 << 20 + 64)
    }

    private let lock = Lock()
    private let descriptor: Int32
    private var queued: [Buffer] = []
    private var free: [Buffer] = []
    private var made = 0
    private var writing = false
    private var failure: Errno?
    private var stopped = false
    private var thread: WorkerThread?
    private let depth = 3
    /// Bytes written so far, and where the last writeback was started.
    private var written: Int64 = 0
    private var writtenBack: Int64 = 0

    /// A writer to `descriptor`, whose owner keeps it open until `stop`.
    init(descriptor: Int32, path: String) throws(SnapshotError) {
        self.descriptor = descriptor
        thread = WorkerThread.start { [unowned self] in self.run() }
        guard thread != nil else { throw .writeFailed(path: path, errno: EAGAIN, during: "starting the thread that writes the snapshot") }
    }

    /// Hands `sink`'s bytes over to be written, and gives `sink` an empty buffer back.
    func hand(_ sink: inout ByteSink) throws(Errno) {
        let buffer: Buffer = try lock.withLock { () throws(Errno) in
            while free.isEmpty && made >= depth && failure == nil { lock.wait() }
            if let failure { throw failure }
            if let buffer = free.popLast() { return buffer }
            made += 1
            return Buffer()
        }
        buffer.sink.removeAll()
        buffer.sink.swapStorage(with: &sink)
        lock.withLock {
            queued.append(buffer)
            lock.broadcast()
        }
    }

    /// Waits until every buffer handed over is written.
    func drain() throws(Errno) {
        try lock.withLock { () throws(Errno) in
            while (!queued.isEmpty || writing) && failure == nil { lock.wait() }
            if let failure { throw failure }
        }
    }

    /// Ends the thread (after the buffers handed over are written).
    func stop() {
        lock.withLock {
            stopped = true
            lock.broadcast()
        }
        thread?.join()
        thread = nil
    }

    private func run() {
        let file = SystemFile(descriptor: dup(descriptor))
        while true {
            let next: Buffer? = lock.withLock {
                while queued.isEmpty && !stopped { lock.wait() }
                guard !queued.isEmpty else { return nil }
                writing = true
                return queued.removeFirst()
            }
            guard let buffer = next else { return }
            var failed: Errno?
            do throws(Errno) { try file.write(buffer.sink.contents) } catch { failed = error }
            written += Int64(buffer.sink.count)
            if written - writtenBack >= AtomicFile.writebackInterval {
                file.startWriteback(writtenBack..<written)
                writtenBack = written
            }
            lock.withLock {
                writing = false
                if failure == nil { failure = failed }
                free.append(buffer)
                lock.broadcast()
            }
        }
    }
}
