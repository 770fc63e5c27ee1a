@_spi(Internals) import AnnuaireParsing

/// One input (a file, a zip entry, a part of a plain text file) read on a thread of its own: its
/// rows, as the snapshot stores
/// them, go to the writer in batches (`BatchQueue`) in key order. A row whose key comes before one
/// already sent (an input not in key order, or part of it) goes to a spill instead, to be sorted and
/// merged after (`RowSpill`), and so do the ORG mailbox rows (grouped by structure at the end).
final class InputReader: @unchecked Sendable {
    // @unchecked Sendable: `run` alone (on the reader's thread) writes the fields, before the
    // queue is finished; the writer reads them after it has received the queue's end.
    let input: ExtractionReader.PlannedInput
    /// The input's place in the plan: its rows come before those of later inputs for a practitioner.
    let index: Int
    let queue = BatchQueue()
    private(set) var reports: [ScanReport] = []
    private(set) var error: (any Error)?
    private(set) var spill: RowSpill?
    private(set) var unknownTokens: [String: Int] = [:]
    /// Rows without a usable identifier that are not ORG mailboxes: counted, not stored.
    private(set) var unindexed = 0
    private let options: ReadOptions
    private let directory: String
    private let context: IngestContext

    init(input: ExtractionReader.PlannedInput, index: Int, options: ReadOptions, directory: String, context: IngestContext) {
        self.input = input
        self.index = index
        self.options = options
        self.directory = directory
        self.context = context
    }

    /// A row stopped because another thread failed.
    private struct Stopped: Error {}

    /// Reads the input to its end (on the reader's thread).
    func run() {
        var encoder: RowEncoder?
        var batch = queue.emptyBatch()
        var last: UInt64 = 0
        let path = input.entry.map { "\(input.path) [\($0)]" } ?? input.path
        let organisationColumn = MSSanteColumn.identificationStructure.rawValue
        do {
            reports = try ExtractionReader.read(
                input, options: options, quarantine: context.quarantine,
                progress: { [context, index] p in context.update(input: index, text: p.textBytes, rows: p.rows) }
            ) { record in
                if encoder == nil {
                    encoder = RowEncoder(family: record.family)
                    queue.announce(record.family)
                }
                if let key = record.key?.rawValue {
                    if key >= last, let current = batch {
                        _ = encoder!.encode(record, key: key, into: current)
                        last = key
                        if current.isFull {
                            if context.isStopped { throw Stopped() }
                            queue.send(current)
                            batch = queue.emptyBatch()
                        }
                    } else {
                        if batch == nil { throw Stopped() }
                        let spill = try self.spill ?? RowSpill(directory: directory)
                        self.spill = spill
                        let start = encoder!.encode(record, key: key, into: spill.batch)
                        try spill.add(rowAt: start, key: key, organisation: false, path: path)
                    }
                } else if record.family == .mssante, !record[known: organisationColumn].isEmpty {
                    let spill = try self.spill ?? RowSpill(directory: directory)
                    self.spill = spill
                    let start = encoder!.encode(record, key: fnv1a(record[known: organisationColumn]), into: spill.batch)
                    try spill.add(rowAt: start, key: fnv1a(record[known: organisationColumn]), organisation: true, path: path)
                } else {
                    unindexed += 1
                }
            }
            if let batch, !batch.isEmpty { queue.send(batch) }
            if let family = reports.first?.family { queue.announce(family) }
            try spill?.finish()
            unknownTokens = encoder?.unknownTokens ?? [:]
        } catch is Stopped {
            // Another thread failed: its error is the one reported.
        } catch {
            self.error = error
            context.fail(error)
        }
        queue.finish()
    }
}
