import Synchronization

extension ExtractionReader {
    /// Reads `path` for its reports only, like `read` with a closure that does nothing.
    ///
    /// A plain text file of `halvesThreshold` (32 MiB) or more is cut into two parts
    /// (`plan(_:options:parts:)`), the second read on another thread, for up to twice the speed
    /// on two cores; the parts' reports are joined (`ScanReport.joined(_:)`) into the report of a
    /// read in one pass. `quarantine` is called on this thread, in line order: the second part's
    /// lines are held until the first part's have been delivered (at most 64 MiB of them, after
    /// which the second part waits). Without a second thread, the parts are read one after the
    /// other.
    public static func scan(
        _ path: String, options: ReadOptions = ReadOptions(),
        quarantine: ((String, QuarantinedLine, UnsafeRawBufferPointer) -> Void)? = nil
    ) throws -> [ScanReport] {
        try scan(path, options: options, quarantine: quarantine, partsFrom: Int64(halvesThreshold))
    }

    /// `scan`, with the size from which a file is read in parts, how many, and the bytes of
    /// quarantined lines a part holds back (tests use small files, more parts than cores, and
    /// small bounds).
    static func scan(
        _ path: String, options: ReadOptions, quarantine: ((String, QuarantinedLine, UnsafeRawBufferPointer) -> Void)?,
        partsFrom threshold: Int64, parts count: Int = 2, maxHeldBytes: Int = 64 << 20
    ) throws -> [ScanReport] {
        let start = monotonicSeconds()
        let inputs = try plan(path, options: options, parts: count, from: threshold)
        guard inputs.count > 1, inputs.allSatisfy({ $0.part != nil }) else {
            return try read(path, options: options, quarantine: quarantine) { _ in }
        }
        var report = ScanReport.joined(try scanParts(inputs, options: options, quarantine: quarantine, maxHeldBytes: maxHeldBytes))
        report.elapsedSeconds = monotonicSeconds() - start
        return [report]
    }

    /// The reports of `parts`, the first read on this thread, each other on a thread of its own
    /// (or on this one, after, when no thread can be made).
    private static func scanParts(
        _ parts: [PlannedInput], options: ReadOptions, quarantine: ((String, QuarantinedLine, UnsafeRawBufferPointer) -> Void)?,
        maxHeldBytes: Int
    ) throws -> [ScanReport] {
        let others = parts.dropFirst().map {
            PartScan($0, options: options, relay: quarantine == nil ? nil : QuarantineRelay(maxHeldBytes: maxHeldBytes))
        }
        let workers = others.map { other in WorkerThread.start { other.run() } }
        defer {
            for (other, worker) in zip(others, workers) {
                other.cancel()
                worker?.join()
            }
        }
        var reports = try read(parts[0], options: options, quarantine: quarantine) { _ in }
        for (other, worker) in zip(others, workers) {
            if worker == nil {
                reports += try read(other.input, options: options, quarantine: quarantine) { _ in }
                continue
            }
            if let quarantine { other.relay?.deliver(to: quarantine) }
            worker?.join()
            reports += try other.result.get()
        }
        return reports
    }
}

/// The reading of one part of a file on a thread of its own.
private final class PartScan: @unchecked Sendable {
    // @unchecked Sendable: the worker thread alone writes `result` before `join`, the calling
    // thread reads it after; `cancelled` is atomic; `relay` is thread-safe.
    let input: ExtractionReader.PlannedInput
    let options: ReadOptions
    let relay: QuarantineRelay?
    let cancelled = Atomic(false)
    var result: Result<[ScanReport], any Error> = .success([])

    init(_ input: ExtractionReader.PlannedInput, options: ReadOptions, relay: QuarantineRelay?) {
        self.input = input
        self.options = options
        self.relay = relay
    }

    func run() {
        result = Result {
            try ExtractionReader.read(input, options: options, quarantine: relay.map { $0.hold }) { _ in
                if cancelled.load(ordering: .relaxed) { throw CancellationError() }
            }
        }
        relay?.finish()
    }

    /// Stops the read at its next row (an earlier part failed, or all is done).
    func cancel() {
        cancelled.store(true, ordering: .relaxed)
        relay?.cancel()
    }
}
