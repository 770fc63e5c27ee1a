@_spi(Internals) import AnnuaireParsing
import Foundation

/// Builds a snapshot from extraction files.
///
/// Each input (a file, a zip entry) is read on a thread of its own (`InputReader`): inflated,
/// split, checked, and turned into rows as the snapshot stores them, sent in batches in key order.
/// The calling thread merges the inputs' streams, and the base's carried-over families, into the
/// practitioners' blocks as they complete (`BlockMerger`), so the snapshot is written while the
/// inputs are read, and the kernel writes it back as it goes. Rows that come out of key order are
/// set aside and sorted (`RowSpill`), then merged with what was written in a second pass. Memory
/// stays bounded: a few batches per input, the key index (16 bytes a practitioner), the structure
/// table, and 16 bytes per row set aside. The new snapshot replaces the old one atomically
/// (`AtomicFile`).
public final class SnapshotBuilder {
    /// How the inputs are read (limits, entries, extract time, validation).
    public var readOptions: ReadOptions
    /// Called now and then with the ingest's progress, e.g. for a progress bar.
    public var progress: ((IngestProgress) -> Void)?
    /// Called for each quarantined line of each input (from the inputs' threads, one call at a time).
    public var quarantine: ((String, QuarantinedLine, UnsafeRawBufferPointer) -> Void)?
    /// A plain text input of at least this many bytes that is a quarter or more of the night's text
    /// is read in two parts, on two threads (`TextPart`): the one big file of a night then keeps
    /// both cores busy.
    var partsFrom = Int64(ExtractionReader.halvesThreshold)
    /// Called with the new snapshot, written but not yet in place; returns the change summary to
    /// store in its provenance, or throws to refuse it (`NightlyIngest`).
    var review: ((Snapshot) throws -> ChangeSummary?)?

    /// A builder reading its inputs with `readOptions`.
    public init(readOptions: ReadOptions = ReadOptions()) {
        self.readOptions = readOptions
        self.readOptions.checksum = true
        // The index counts practitioners; the reader need not.
        self.readOptions.countPractitioners = false
    }

    /// What one ingest did.
    public struct Summary: Sendable {
        /// What the new snapshot was built from (inputs, counts, carried-over families).
        public var provenance: SnapshotProvenance
        /// The report of each input read tonight.
        public var reports: [ScanReport]
        /// The size of the snapshot written.
        public var snapshotBytes: Int64
        /// Wall-clock seconds of the whole ingest.
        public var elapsedSeconds: Double
    }

    /// Reads `paths` (any mix of families and containers) and writes the snapshot at `destination`.
    ///
    /// With a `base` snapshot (the current one, normally), this is a nightly update
    /// (`spec/freshness.md` §4, `NightlyRules`): a family present tonight replaces the base's; a
    /// family absent tonight is carried over with its old extract time; an input older than the
    /// base's for its family is refused unless `force`; inputs identical to the base's (same family,
    /// extract time and checksum) make the ingest a no-op (`IngestError.unchanged`). Every input
    /// needs an extract time (its name's `_YYYYMMDDhhmm`, or `ReadOptions.asOf`).
    public func ingest(_ paths: [String], into destination: String, base: Snapshot? = nil, force: Bool = false) throws -> Summary {
        try build(paths, into: destination, base: base, force: force)
    }

    /// The inputs of `paths` (zip entries, files), the big plain text ones cut into two parts.
    static func plan(_ paths: [String], options: ReadOptions, partsFrom: Int64) throws -> [ExtractionReader.PlannedInput] {
        let inputs = try paths.flatMap { try ExtractionReader.plan($0, options: options) }
        let total = inputs.reduce(0) { $0 + $1.estimatedTextBytes }
        return try inputs.flatMap { input in
            input.isPlainText && input.estimatedTextBytes * 4 >= total ? try input.cut(into: 2, options: options, from: partsFrom) : [input]
        }
    }

    /// `ingest`, on a base of either format.
    func build(_ paths: [String], into destination: String, base: (any BaseSnapshot)?, force: Bool) throws -> Summary {
        let start = monotonicSeconds()
        let directory = AtomicFile.directory(of: destination)
        let plan = try Self.plan(paths, options: readOptions, partsFrom: partsFrom)
        let totalBytes = paths.reduce(Int64(0)) { sum, path in
            var info = stat()
            return sum + (stat(path, &info) == 0 ? Int64(info.st_size) : 0)
        }
        let context = IngestContext(
            inputs: plan.count, totalText: plan.reduce(0) { $0 + $1.estimatedTextBytes }, totalBytes: totalBytes, start: start,
            quarantine: quarantine, progress: progress)
        let readers = plan.enumerated().map { index, input in
            InputReader(input: input, index: index, options: readOptions, directory: directory, context: context)
        }
        var threads: [WorkerThread] = []
        defer {
            // On any failure: the readers stop, and are waited for before their files go away.
            context.fail(CancellationError())
            for reader in readers { reader.queue.cancel() }
            for thread in threads { thread.join() }
        }
        for reader in readers {
            guard let thread = WorkerThread.start({ reader.run() }) else {
                throw IngestError.internalFailure("no thread could be started to read \(reader.input.path)")
            }
            threads.append(thread)
        }

        // Which families come tonight (each reader says so with its first row), hence which are
        // carried over from the base, before any row is merged.
        var tonight: [Family] = []
        for reader in readers {
            if let family = reader.queue.family() { tonight.append(family) }
        }
        if let failure = context.firstFailure { throw failure }
        let carried = NightlyRules.carriedFamilies(tonight: tonight, base: base?.provenance)

        var output = try SnapshotOutput(destination: destination)
        var streams: [any RowStream] = readers.map { QueuedRows($0, context: context) }
        let baseRows = carried.isEmpty ? nil : base.map { BaseRows($0, families: carried, stream: readers.count) }
        if let baseRows { streams.append(baseRows) }
        var merger = try output.writeRecords(streams)
        for thread in threads { thread.join() }
        threads = []
        if let failure = context.firstFailure { throw failure }

        // The reports of the parts of one input are joined into the input's.
        var reports: [ScanReport] = []
        for reader in readers {
            guard let part = reader.input.part, part.count > 1 else {
                reports += reader.reports
                continue
            }
            if part.index == part.count - 1 {
                let parts = readers.filter { $0.input.path == reader.input.path && $0.input.part != nil }.flatMap(\.reports)
                reports.append(ScanReport.joined(parts))
            }
        }
        guard !reports.isEmpty else { throw SnapshotError.noInput }
        try NightlyRules.check(reports, base: base?.provenance, baseIsCurrent: base?.formatVersion == SnapshotFormat.version, force: force)

        // Rows that came out of key order: merged with what was written, into a new file.
        let disordered = readers.filter { ($0.spill?.disordered.count ?? 0) > 0 }
        if !disordered.isEmpty {
            let first = output
            output = try SnapshotOutput(destination: destination)
            var streams: [any RowStream] = [try first.writtenRows(merger)]
            streams += disordered.map { SpilledRows($0.spill!, entries: $0.spill!.disordered, stream: $0.index) }
            let duplicates = merger.duplicates
            merger = try output.writeRecords(streams)
            merger.addDuplicates(duplicates)
        }
        context.report(.writing)
        try output.writeKeys(merger.index)
        var organisationStreams: [any RowStream] = readers.compactMap { reader in
            reader.spill.map { SpilledRows($0, entries: $0.organisations, stream: reader.index) }
        }
        if carried.contains(.mssante), let base {
            organisationStreams.append(BaseRows(base, families: [.mssante], kind: .organisations, stream: readers.count))
        }
        let organisations = try output.writeOrganisations(organisationStreams)

        var unknownTokens = baseRows?.unknownTokens ?? [:]
        for reader in readers {
            for (token, count) in reader.unknownTokens where unknownTokens.count < 1000 || unknownTokens[token] != nil {
                unknownTokens[token, default: 0] += count
            }
        }
        let created = ExtractTime(secondsSince1970: Int64(Date().timeIntervalSince1970))
        var provenance = SnapshotProvenance(
            formatVersion: SnapshotFormat.version, createdAt: created,
            inputs: reports.map(InputProvenance.init) + NightlyRules.carriedInputs(carried, base: base?.provenance),
            practitioners: merger.index.count, rows: merger.rows, duplicateRows: merger.duplicates, structures: merger.structureCount,
            organisationMailboxes: organisations, unindexedRows: readers.reduce(0) { $0 + $1.unindexed }, strings: 0,
            usage: merger.usage.usage(organisationMailboxes: organisations), unknownTokens: unknownTokens)
        _ = consume merger
        streams = []
        organisationStreams = []
        let size = try output.finish(&provenance, created: created, review: review)
        context.report(.done)
        return Summary(provenance: provenance, reports: reports, snapshotBytes: size, elapsedSeconds: monotonicSeconds() - start)
    }
}
