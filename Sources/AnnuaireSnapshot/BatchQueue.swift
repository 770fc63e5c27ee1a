import AnnuaireParsing

/// The bounded hand-over of row batches from the thread that reads one input to the thread that
/// writes the snapshot: at most `depth` batches are in flight, so a reader that runs ahead waits
/// (memory stays `depth` MB per input), and batches go back to the reader once written.
///
/// It also carries what the writer must know before it merges: the input's family, known from its
/// first row (or, for an input without rows, once it is read). A failure or a cancel wakes both
/// sides.
final class BatchQueue: @unchecked Sendable {
    // @unchecked Sendable: every field is guarded by `lock`; a batch belongs either to the reader
    // (free, being filled) or to the writer (handed over), never to both.
    private let lock = Lock()
    private var filled: [RowBatch] = []
    private var free: [RowBatch]
    private var finished = false
    private var cancelled = false
    private var knownFamily: Family?

    init(depth: Int = 4) {
        free = (0..<depth).map { _ in RowBatch() }
    }

    // MARK: the reader's side

    /// An empty batch to fill, waiting for one to come back; nil once cancelled.
    func emptyBatch() -> RowBatch? {
        lock.withLock {
            while free.isEmpty && !cancelled { lock.wait() }
            guard !cancelled else { return nil }
            let batch = free.removeLast()
            batch.removeAll()
            return batch
        }
    }

    /// Hands a filled batch over.
    func send(_ batch: RowBatch) {
        lock.withLock {
            filled.append(batch)
            lock.broadcast()
        }
    }

    /// Says which family the input is, once known.
    func announce(_ family: Family) {
        lock.withLock {
            if knownFamily == nil {
                knownFamily = family
                lock.broadcast()
            }
        }
    }

    /// No more batches will come (the input was read, or failed: the writer learns which from the
    /// reader).
    func finish() {
        lock.withLock {
            finished = true
            lock.broadcast()
        }
    }

    // MARK: the writer's side

    /// The next filled batch, waiting for it; nil at the end (or once cancelled).
    func receive() -> RowBatch? {
        lock.withLock {
            while filled.isEmpty && !finished && !cancelled { lock.wait() }
            guard !cancelled, !filled.isEmpty else { return nil }
            return filled.removeFirst()
        }
    }

    /// Gives a batch back to the reader.
    func recycle(_ batch: RowBatch) {
        lock.withLock {
            free.append(batch)
            lock.broadcast()
        }
    }

    /// The input's family, waiting until the reader knows it; nil when it finished without saying
    /// (then its report says, or it failed).
    func family() -> Family? {
        lock.withLock {
            while knownFamily == nil && !finished && !cancelled { lock.wait() }
            return knownFamily
        }
    }

    /// Stops both sides: waits end, and no more batches are handed out.
    func cancel() {
        lock.withLock {
            cancelled = true
            lock.broadcast()
        }
    }
}
