import AnnuaireParsing

/// Progress of an ingest, reported as files are read and the snapshot is written.
public struct IngestProgress: Sendable {
    /// The ingest's stage.
    public enum Phase: String, Sendable {
        /// Reading the inputs (and writing the practitioners' blocks as they complete).
        case reading
        /// Writing the rest of the snapshot (indexes, search index).
        case writing
        /// Finished.
        case done
    }
    /// The stage this report is about.
    public var phase: Phase
    /// Bytes of the input files consumed so far, out of `totalBytes`.
    public var bytesDone: Int64
    /// Bytes of all the input files.
    public var totalBytes: Int64
    /// Rows read so far.
    public var rows: Int
    /// Seconds since the ingest began.
    public var elapsedSeconds: Double
}

/// What the threads of one ingest share: the first failure (which stops them all), the quarantine
/// sink (called one line at a time), and the text read so far for the progress report.
final class IngestContext: @unchecked Sendable {
    // @unchecked Sendable: every mutable field is guarded by `lock`.
    private let lock = Lock()
    private var failure: (any Error)?
    private var stopped = false
    private var textDone: [Int64]
    private var rowsDone: [Int]
    private let sink: ((String, QuarantinedLine, UnsafeRawBufferPointer) -> Void)?
    private let totalText: Int64
    private let totalBytes: Int64
    private let start: Double
    private let report: ((IngestProgress) -> Void)?

    init(
        inputs: Int, totalText: Int64, totalBytes: Int64, start: Double,
        quarantine: ((String, QuarantinedLine, UnsafeRawBufferPointer) -> Void)?, progress: ((IngestProgress) -> Void)?
    ) {
        textDone = Array(repeating: 0, count: inputs)
        rowsDone = Array(repeating: 0, count: inputs)
        self.totalText = totalText
        self.totalBytes = totalBytes
        self.start = start
        sink = quarantine
        report = progress
    }

    /// Whether a thread failed: the others stop at their next row.
    var isStopped: Bool { lock.withLock { stopped } }

    /// Records `error` (the first one wins) and stops every thread.
    func fail(_ error: any Error) {
        lock.withLock {
            if failure == nil { failure = error }
            stopped = true
        }
    }

    /// The first failure, if any.
    var firstFailure: (any Error)? { lock.withLock { failure } }

    /// The quarantine sink, called under the lock (the readers run on several threads).
    var quarantine: ((String, QuarantinedLine, UnsafeRawBufferPointer) -> Void)? {
        guard let sink else { return nil }
        return { [lock] path, line, bytes in lock.withLock { sink(path, line, bytes) } }
    }

    /// Input `input` has read `text` bytes of text and `rows` rows.
    func update(input: Int, text: Int64, rows: Int) {
        lock.withLock {
            textDone[input] = text
            rowsDone[input] = rows
        }
    }

    /// Reports the progress (from the writing thread).
    func report(_ phase: IngestProgress.Phase) {
        guard let report else { return }
        let now = monotonicSeconds()
        let (text, rows) = lock.withLock { (textDone.reduce(0, +), rowsDone.reduce(0, +)) }
        // Input bytes in proportion to the text read (entries of one zip share its bytes).
        let fraction = phase != .reading ? 1 : totalText > 0 ? min(1, Double(text) / Double(totalText)) : 0
        report(
            IngestProgress(
                phase: phase, bytesDone: Int64(Double(totalBytes) * fraction), totalBytes: totalBytes, rows: rows,
                elapsedSeconds: now - start))
    }
}
