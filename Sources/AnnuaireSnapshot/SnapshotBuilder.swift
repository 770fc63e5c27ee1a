@_spi(Internals) import AnnuaireParsing
import CZlib
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Progress of an ingest, reported as files are read and the snapshot is written.
public struct IngestProgress: Sendable {
    /// The ingest's stage.
    public enum Phase: String, Sendable {
        /// Reading the inputs.
        case reading
        /// Writing the snapshot.
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

/// Builds a snapshot from extraction files.
///
/// Memory stays bounded by the index: reading encodes each row and appends it to an unnamed spill
/// file next to the destination, keeping only its key and offset (16 bytes a row); writing sorts
/// those and copies the rows, grouped per practitioner, into the new snapshot, which replaces the
/// old one atomically (`AtomicFile`).
public final class SnapshotBuilder {
    /// How the inputs are read (limits, entries, extract time, validation).
    public var readOptions: ReadOptions
    /// Called now and then with the ingest's progress, e.g. for a progress bar.
    public var progress: ((IngestProgress) -> Void)?
    /// Called for each quarantined line of each input (from two threads, one call at a time, when
    /// the inputs are read in parallel).
    public var quarantine: ((String, QuarantinedLine, UnsafeRawBufferPointer) -> Void)?
    /// Read independent inputs (files, zip entries) on two threads when they split into two shares
    /// of comparable work, and write the practitioners' blocks in two halves, one per thread; false
    /// does both on one thread.
    public var usesTwoThreads = true
    /// With two threads, a plain text input of at least this many bytes that is more than half of
    /// all is read as two parts, one per thread (`ExtractionReader.PlannedInput.cut(into:options:)`).
    public var halvesFrom = Int64(ExtractionReader.halvesThreshold)
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
    /// (`spec/freshness.md` §4): a family present tonight replaces the base's; a family absent
    /// tonight is carried over with its old extract time; an input older than the base's for its
    /// family is refused unless `force`; inputs identical to the base's (same family, extract time
    /// and checksum) make the ingest a no-op (`IngestError.unchanged`). Every input needs an
    /// extract time (its name's `_YYYYMMDDhhmm`, or `ReadOptions.asOf`).
    public func ingest(_ paths: [String], into destination: String, base: Snapshot? = nil, force: Bool = false) throws -> Summary {
        let start = monotonicSeconds()
        let directory = AtomicFile.directory(of: destination)
        var state = try BuildState(directory: directory)
        let total = paths.reduce(Int64(0)) { sum, path in
            var info = stat()
            return sum + (stat(path, &info) == 0 ? Int64(info.st_size) : 0)
        }
        let baseProvenance = base?.provenance
        let reports = try read(paths, into: &state, directory: directory, totalBytes: total, start: start)
        for report in reports {
            guard let time = report.extractTime else { throw IngestError.noExtractTime(path: report.entry ?? report.path) }
            if let older = baseProvenance?.inputs(of: report.family).first(where: { $0.extractTime.map { time < $0 } ?? false }), !force {
                throw IngestError.olderThanBase(
                    path: report.entry ?? report.path, family: report.family, extractTime: time, base: older.extractTime!)
            }
        }
        guard !reports.isEmpty else { throw SnapshotError.noInput }
        var inputs = reports.map(InputProvenance.init)
        if let baseProvenance {
            let unchanged = inputs.allSatisfy { input in
                baseProvenance.inputs.contains {
                    $0.family == input.family && $0.extractTime == input.extractTime && $0.checksum == input.checksum
                }
            }
            if unchanged { throw IngestError.unchanged(inputs: inputs.map { $0.entry ?? $0.fileName }) }
        }
        if let base, let baseProvenance {
            let tonight = Set(reports.map(\.family))
            let carried = Set(baseProvenance.inputs.map(\.family)).subtracting(tonight)
            if !carried.isEmpty {
                try state.carryOver(families: carried, from: base)
                inputs += baseProvenance.inputs.filter { carried.contains($0.family) }.map {
                    var i = $0; i.carriedOver = true; return i
                }
            }
        }
        progress?(
            IngestProgress(
                phase: .writing, bytesDone: total, totalBytes: total, rows: state.rowCount, elapsedSeconds: monotonicSeconds() - start))
        let (provenance, size) = try state.write(to: destination, inputs: inputs, twoThreads: usesTwoThreads, review: review)
        progress?(
            IngestProgress(
                phase: .done, bytesDone: total, totalBytes: total, rows: state.rowCount, elapsedSeconds: monotonicSeconds() - start))
        return Summary(provenance: provenance, reports: reports, snapshotBytes: size, elapsedSeconds: monotonicSeconds() - start)
    }
}

extension SnapshotBuilder {
    /// Reads `paths` into `state` and returns one report per input, in the order of `paths` (and
    /// of the entries in each zip).
    ///
    /// When the inputs split into two shares of comparable work (the zip entries and files being
    /// independent), the second share is read on another thread into a state of its own, which is
    /// then moved into `state` (`BuildState.absorb`): each share inflates, parses and encodes on
    /// its own core. Otherwise the inputs are read one after the other.
    func read(_ paths: [String], into state: inout BuildState, directory: String, totalBytes: Int64, start: Double) throws
        -> [ScanReport]
    {
        let plan = try paths.flatMap { try ExtractionReader.plan($0, options: readOptions) }
        let tally = ProgressTally(totalBytes: totalBytes, totalText: plan.reduce(0) { $0 + $1.estimatedTextBytes }, start: start)
        tally.report = progress
        guard usesTwoThreads, let (first, second) = Self.shares(plan, halvesFrom: halvesFrom, options: readOptions) else {
            let inputs = plan.indices.map { ($0, plan[$0]) }
            return try readShare(inputs, into: &state, share: 0, tally: tally, quarantine: quarantine).flatMap { $0.1 }
        }
        // Callbacks come from both threads, one at a time.
        let lock = NSLock()
        let quarantine = self.quarantine.map { sink in
            { (path: String, line: QuarantinedLine, bytes: UnsafeRawBufferPointer) in lock.withLock { sink(path, line, bytes) } }
        }
        tally.lock = lock
        let other = OtherShare()
        let readOther = {
            do {
                var otherState = try BuildState(directory: directory)
                other.reports = try self.readShare(
                    second, into: &otherState, share: 1, tally: tally, quarantine: quarantine,
                    stopped: { other.stop.load(ordering: .relaxed) })
                other.state = consume otherState
            } catch {
                other.error = error
                other.failed.store(true, ordering: .relaxed)
            }
        }
        let worker = WorkerThread.start(readOther)
        var reports: [(Int, [ScanReport])] = []
        do {
            reports = try readShare(
                first, into: &state, share: 0, tally: tally, quarantine: quarantine, stopped: { other.failed.load(ordering: .relaxed) })
        } catch {
            other.stop.store(true, ordering: .relaxed)
            worker?.join()
            // Stopped because the second share failed: its error is the one to report.
            if error is StoppedShare, let otherError = other.error { throw otherError }
            throw error
        }
        if let worker { worker.join() } else { readOther() }
        if let error = other.error { throw error }
        guard let otherState = other.state.take() else { throw SnapshotError.corrupt("the second share of the inputs was not read") }
        try state.absorb(otherState)
        // An input read in halves has a report from each share: they are joined.
        var byInput = Dictionary(uniqueKeysWithValues: reports)
        for (index, read) in other.reports {
            byInput[index] =
                byInput[index].map { zip($0, read).map { ScanReport.joined([$0, $1]) } } ?? read
        }
        return byInput.keys.sorted().flatMap { byInput[$0]! }
    }

    /// Inputs with their place in the plan.
    typealias Share = [(Int, ExtractionReader.PlannedInput)]

    /// Two shares of `plan` (indexes kept) of comparable work, biggest inputs first to the lighter
    /// share; nil when one share would be nearly empty (then one thread reads everything).
    ///
    /// A plain text input of at least `halvesFrom` bytes that is more than half of all would leave
    /// one core idle (a compressed one keeps both busy: it inflates on a thread of its own): it is
    /// read as two parts (`TextPart`), the first by the first share (whose rows come first), the
    /// second by the second.
    static func shares(
        _ plan: [ExtractionReader.PlannedInput], halvesFrom: Int64 = Int64(ExtractionReader.halvesThreshold),
        options: ReadOptions = ReadOptions()
    ) -> (Share, Share)? {
        guard !plan.isEmpty, !plan.contains(where: { $0.path == "-" }) else { return nil }
        let total = plan.reduce(0) { $0 + $1.estimatedTextBytes }
        var shares: [Share] = [[], []]
        var work: [Int64] = [0, 0]
        var inputs = Array(plan.enumerated()).sorted { $0.element.estimatedTextBytes > $1.element.estimatedTextBytes }
        if let (index, biggest) = inputs.first, biggest.isPlainText, biggest.estimatedTextBytes >= halvesFrom,
            biggest.estimatedTextBytes * 2 > total,
            let halves = try? biggest.cut(into: 2, options: options, from: halvesFrom), halves.count == 2
        {
            for (share, half) in halves.enumerated() { shares[share].append((index, half)) }
            work = halves.map(\.estimatedTextBytes)
            inputs.removeFirst()
        }
        for (index, input) in inputs {
            let lighter = work[0] <= work[1] ? 0 : 1
            shares[lighter].append((index, input))
            work[lighter] += input.estimatedTextBytes
        }
        guard total > 0, min(work[0], work[1]) * 10 >= total else { return nil }
        return (shares[0].sorted { $0.0 < $1.0 }, shares[1].sorted { $0.0 < $1.0 })
    }

    /// Reads `inputs` into `state`, in order; returns each input's reports with its index.
    private func readShare(
        _ inputs: Share, into state: inout BuildState, share: Int, tally: ProgressTally,
        quarantine: ((String, QuarantinedLine, UnsafeRawBufferPointer) -> Void)?, stopped: () -> Bool = { false }
    ) throws -> [(Int, [ScanReport])] {
        var results: [(Int, [ScanReport])] = []
        var doneText: Int64 = 0
        var doneRows = 0
        for (index, input) in inputs {
            let read = try ExtractionReader.read(
                input, options: readOptions, quarantine: quarantine,
                progress: { p in tally.update(share: share, text: doneText + p.textBytes, rows: doneRows + p.rows) }
            ) { record in
                if stopped() { throw StoppedShare() }
                try state.add(record)
            }
            doneText += read.reduce(0) { $0 + $1.textBytes }
            doneRows += read.reduce(0) { $0 + $1.rows }
            results.append((index, read))
        }
        return results
    }
}

/// What the second thread of a two-share read hands back.
private final class OtherShare: @unchecked Sendable {
    // @unchecked Sendable: the second thread alone writes `state`, `reports` and `error`, before
    // `join`; the first reads them after. `stop` and `failed` are atomic.
    var state: BuildState?
    var reports: [(Int, [ScanReport])] = []
    var error: (any Error)?
    /// Set when the first share failed: the second stops at its next row.
    let stop = Atomic(false)
    /// Set when the second share failed: the first stops at its next row.
    let failed = Atomic(false)
}

/// A share stopped because the other failed (its error is the one reported).
private struct StoppedShare: Error {}

/// The progress of one or two shares read at once, reported as one.
private final class ProgressTally: @unchecked Sendable {
    // @unchecked Sendable: `update` runs under `lock` when two threads read.
    let totalBytes: Int64
    let totalText: Int64
    let start: Double
    var report: ((IngestProgress) -> Void)?
    var lock: NSLock?
    private var text: [Int64] = [0, 0]
    private var rows: [Int] = [0, 0]

    init(totalBytes: Int64, totalText: Int64, start: Double) {
        self.totalBytes = totalBytes
        self.totalText = totalText
        self.start = start
    }

    func update(share: Int, text shareText: Int64, rows shareRows: Int) {
        guard let report else { return }
        lock?.lock()
        defer { lock?.unlock() }
        text[share] = shareText
        rows[share] = shareRows
        // Input bytes in proportion to the text read (entries of one zip share its bytes).
        let fraction = totalText > 0 ? min(1, Double(text[0] + text[1]) / Double(totalText)) : 0
        report(
            IngestProgress(
                phase: .reading, bytesDone: Int64(Double(totalBytes) * fraction), totalBytes: totalBytes, rows: rows[0] + rows[1],
                elapsedSeconds: monotonicSeconds() - start))
    }
}

/// Why a nightly ingest stops before writing (the current snapshot stays as it was).
public enum IngestError: Error, Equatable, CustomStringConvertible {
    /// An input has no extract time: its name has no `_YYYYMMDDhhmm` and none was given.
    case noExtractTime(path: String)
    /// An input is older than the base snapshot's for its family (refused unless forced).
    case olderThanBase(path: String, family: Family, extractTime: ExtractTime, base: ExtractTime)
    /// Every input is identical to the base's (same family, extract time and checksum): nothing to do.
    case unchanged(inputs: [String])

    public var description: String {
        switch self {
        case let .noExtractTime(path):
            return
                "\(path): the name has no _YYYYMMDDhhmm extract time; give it with --as-of (e.g. --as-of 2026-11-22T03:00), never guessed from the clock or the file's date."
        case let .olderThanBase(path, family, time, base):
            return
                "\(path): this \(family.rawValue) extract (\(time.parisDescription)) is older than the one in the snapshot (\(base.parisDescription)); refusing to go back in time. Use --force if you mean it."
        case let .unchanged(inputs):
            return
                "nothing new: \(inputs.joined(separator: ", ")) \(inputs.count == 1 ? "is" : "are") already in the snapshot (same extract time and checksum); the snapshot is unchanged."
        }
    }
}

/// The growing state of one ingest: spill file, index entries, strings, structures.
struct BuildState: ~Copyable {
    struct Entry: Comparable {
        var key: UInt64
        var offset: UInt64
        static func < (a: Self, b: Self) -> Bool { (a.key, a.offset) < (b.key, b.offset) }
    }

    private let spill: Spill
    /// `offset` holds the spill offset, whether the row is absorbed, and its `RowSources`
    /// (`offsetMask`, `absorbedRow`).
    private let entries = EntryBuffer<Entry>()
    var unknownTokens: [String: Int] = [:]
    /// The few distinct `Autorité d'enregistrement` values, parsed once each (by a hash of their
    /// bytes, the bytes kept to rule out collisions).
    private var authorities: [UInt64: (bytes: [UInt8], parsed: ParsedAuthority)] = [:]
    private var organisations: [Entry] = []
    private var strings = StringTable()
    private var structureIDs = StructureTable()
    /// Structure ids by a hash of the raw text of a row's structure columns (and its encoding):
    /// a structure seen before is found without encoding it again.
    private var rawStructureIDs = StructureTable()
    private var structureOffsets: [UInt64] = []
    private var row = ByteSink()
    private var structure = ByteSink()
    /// The rows of a state built apart, once absorbed.
    private var absorbed: AbsorbedRows?
    private(set) var unindexed = 0

    var rowCount: Int { entries.count + organisations.count }

    init(directory: String) throws {
        spill = try Spill(directory: directory)
    }

    mutating func add(_ record: Record) throws {
        row.removeAll()
        row.byte(RowCodec.code(record.family))
        let count = record.family.columns.count
        if record.family == .personneActivite {
            let structureColumns = RowCodec.structureColumns
            RowCodec.encodeValues(
                record, columns: (0..<count).lazy.filter { !structureColumns.contains($0) }, base: 0, strings: &strings, into: &row)
            row.varint(try structureReference(record))
        } else {
            RowCodec.encodeValues(record, columns: 0..<count, base: 0, strings: &strings, into: &row)
        }
        let offset = try spill.append(row.contents)
        if let key = record.key {
            let sources: RowSources
            if record.family == .personneActivite {
                let authority = parsedAuthority(record)
                for token in authority.unknown where unknownTokens.count < 1000 || unknownTokens[token] != nil {
                    unknownTokens[token, default: 0] += 1
                }
                sources = RowSources(personneActivite: record, authority: authority)
            } else {
                sources = RowSources(record.family) { record.string(known: $0) }
            }
            try entries.append(Entry(key: key.rawValue, offset: offset | UInt64(sources.packed) << 48))
        } else if record.family == .mssante, !record[MSSanteColumn.identificationStructure].isEmpty {
            organisations.append(Entry(key: fnv1a(record[MSSanteColumn.identificationStructure]), offset: offset))
        } else {
            unindexed += 1
        }
    }

    /// The row's authority triple, parsed once per distinct value.
    private mutating func parsedAuthority(_ record: Record) -> ParsedAuthority {
        let column = PersonneActiviteColumn.autoriteEnregistrement.rawValue
        let bytes = record[known: column]
        let hash = fastHash(bytes)
        if let known = authorities[hash], known.bytes.withUnsafeBytes({ sameBytes($0, bytes) }) { return known.parsed }
        let parsed = ParsedAuthority(record.string(known: column))
        if authorities.count < 10_000 { authorities[hash] = (Array(bytes), parsed) }
        return parsed
    }

    /// Adds the rows of `families` (and, for mssante, the ORG mailboxes) of `base`.
    mutating func carryOver(families: Set<Family>, from base: Snapshot) throws {
        try base.forEachPractitioner { practitioner in
            for stored in practitioner.rows where families.contains(stored.family) {
                try add(stored, key: practitioner.key)
            }
        }
        if families.contains(.mssante) {
            try base.forEachOrganisationMailbox { try add($0, key: nil) }
        }
    }

    /// Adds a row taken from another snapshot.
    private mutating func add(_ stored: StoredRow, key: PractitionerKey?) throws {
        row.removeAll()
        row.byte(RowCodec.code(stored.family))
        if stored.family == .personneActivite {
            let own = stored.values.filter { !RowCodec.structureColumns.contains($0.column) }
            RowCodec.encodeValues(stored.family, own, base: 0, strings: &strings, into: &row)
            let structureValues = stored.values.filter { RowCodec.structureColumns.contains($0.column) }
            row.varint(
                structureValues.isEmpty
                    ? 0
                    : try structureReference { sink, strings in
                        RowCodec.encodeValues(
                            .personneActivite, structureValues, base: RowCodec.structureColumns.lowerBound, strings: &strings, into: &sink)
                    })
        } else {
            RowCodec.encodeValues(stored.family, stored.values, base: 0, strings: &strings, into: &row)
        }
        let offset = try spill.append(row.contents)
        if stored.family == .personneActivite {
            for token in ParsedAuthority(stored[PersonneActiviteColumn.autoriteEnregistrement]).unknown
            where unknownTokens.count < 1000 || unknownTokens[token] != nil {
                unknownTokens[token, default: 0] += 1
            }
        }
        if let key {
            let sources = RowSources(stored.family) { stored.value(known: $0) }
            try entries.append(Entry(key: key.rawValue, offset: offset | UInt64(sources.packed) << 48))
        } else {
            organisations.append(
                Entry(key: Array(stored[MSSanteColumn.identificationStructure].utf8).withUnsafeBytes { fnv1a($0) }, offset: offset))
        }
    }

    /// Takes in the rows of `other`, a state built apart (on another thread) with its own spill,
    /// strings and structures. Its strings are interned here and its structures re-encoded into
    /// this spill; its rows stay in its spill and are re-encoded as the snapshot is written
    /// (`AbsorbedRows`), in the order they would have had in this spill: after this state's own,
    /// for a practitioner present in both. Only one state can be absorbed.
    mutating func absorb(_ other: consuming BuildState) throws {
        precondition(absorbed == nil, "a second state absorbed")
        rawStructureIDs = StructureTable()
        let rows = try other.spill.finish()
        var map: [UInt32?] = []
        map.reserveCapacity(other.strings.count)
        for id in 0..<other.strings.count { map.append(other.strings.withBytes(id) { strings.intern($0) }) }
        var structureReferences: [UInt64] = []
        structureReferences.reserveCapacity(other.structureOffsets.count)
        for (n, offset) in other.structureOffsets.enumerated() {
            if n % 8_192 == 0 { rows.releasePages() }
            var source = ByteSource(try rows.frame(at: offset))
            structureReferences.append(
                try structureReference { sink, _ in try RowCodec.transcodeValues(&source, map: map, table: other.strings, into: &sink) })
        }
        var otherStrings = StringTable()
        swap(&otherStrings, &other.strings)
        absorbed = AbsorbedRows(rows: rows, map: map, strings: otherStrings, structureReferences: structureReferences)
        // The other state's entries are released as they are moved.
        for (i, entry) in other.entries.elements.enumerated() {
            try entries.append(Entry(key: entry.key, offset: entry.offset | Self.absorbedRow))
            if i % 65_536 == 65_535 { other.entries.releaseMemory(before: i + 1) }
        }
        for entry in other.organisations {
            organisations.append(Entry(key: entry.key, offset: entry.offset | Self.absorbedRow))
        }
        rows.releasePages()
        unindexed += other.unindexed
        for (token, count) in other.unknownTokens where unknownTokens.count < 1000 || unknownTokens[token] != nil {
            unknownTokens[token, default: 0] += count
        }
    }

    /// 0 when the row has no structure, else 1 + the id of its (deduplicated) structure.
    private mutating func structureReference(_ record: Record) throws -> UInt64 {
        let columns = RowCodec.structureColumns
        guard columns.contains(where: { !record[known: $0].isEmpty }) else { return 0 }
        func encode() throws -> UInt64 {
            try structureReference { sink, strings in
                RowCodec.encodeValues(record, columns: columns, base: columns.lowerBound, strings: &strings, into: &sink)
            }
        }
        // The same text in the same encoding encodes the same: found by its raw text, a
        // structure is encoded once.
        guard let text = record.span(known: columns) else { return try encode() }
        let seed: UInt64 = record.encoding == .windows1252 ? 0x6A09_E667_F3BC_C908 : 0xBB67_AE85_84CA_A73B
        let raw = StructureHash(a: fastHash(text, seed: seed), b: fastHash(text, seed: ~seed))
        if let id = rawStructureIDs.id(of: raw) { return UInt64(id) + 1 }
        let reference = try encode()
        rawStructureIDs.insert(raw, id: UInt32(reference - 1))
        return reference
    }

    /// 1 + the id of the structure that `encode` writes, stored once whatever the number of rows.
    private mutating func structureReference(_ encode: (inout ByteSink, inout StringTable) throws -> Void) throws -> UInt64 {
        structure.removeAll()
        try encode(&structure, &strings)
        let encoded = structure.contents
        let hash = StructureHash(a: fastHash(encoded), b: fastHash(encoded, seed: 0x2545_F491_4F6C_DD1D))
        let (id, inserted) = structureIDs.insert(hash)
        if inserted { structureOffsets.append(try spill.append(encoded)) }
        return UInt64(id) + 1
    }

    /// Writes the snapshot and puts it in place.
    mutating func write(
        to destination: String, inputs: [InputProvenance], twoThreads: Bool, review: ((Snapshot) throws -> ChangeSummary?)? = nil
    ) throws -> (SnapshotProvenance, Int64) {
        // No row is added any more: the tables that find structures are memory to give back.
        structureIDs = StructureTable()
        rawStructureIDs = StructureTable()
        let rows = try spill.finish()
        let absorbed = self.absorbed
        func releasePages() {
            rows.releasePages()
            absorbed?.rows.releasePages()
        }
        entries.sort()
        organisations.sort()
        let file = try AtomicFile(destination: destination)
        var writer = SectionWriter(file: file)
        try file.write([UInt8](repeating: 0, count: SnapshotFormat.headerSize))

        // records: practitioner blocks, and the key index pointing at them. With two threads, the
        // second writes the second half of the practitioners to a scratch file (unnamed, like the
        // snapshot until its commit), appended after the first half.
        var written = WrittenBlocks()
        try writer.section(.records) { (out) throws in
            let entries = self.entries
            var split = twoThreads ? entries.count / 2 : entries.count
            while split > 0, split < entries.count, entries[split].key == entries[split - 1].key { split += 1 }
            guard split > 0, split < entries.count else {
                written = try Self.writeBlocks(entries, 0..<entries.count, rows: rows, absorbed: absorbed, to: &out)
                return
            }
            let second = SecondHalf()
            let scratch = try AtomicFile(destination: destination)
            let writeSecond = {
                do {
                    var part = SectionOutput(file: scratch)
                    second.blocks = try Self.writeBlocks(
                        entries, split..<entries.count, rows: rows, absorbed: absorbed, to: &part)
                    try part.flush()
                    second.output = consume part
                } catch {
                    second.error = error
                }
            }
            let worker = WorkerThread.start(writeSecond)
            defer { worker?.join() }
            written = try Self.writeBlocks(entries, 0..<split, rows: rows, absorbed: absorbed, to: &out)
            if let worker { worker.join() } else { writeSecond() }
            if let error = second.error { throw error }
            guard let part = second.output.take() else { throw SnapshotError.corrupt("the second half of the blocks was not written") }
            let start = out.written
            try out.append(part)
            written.keys += second.blocks.keys
            written.blocks += second.blocks.blocks.lazy.map { $0 + start }
            written.duplicates += second.blocks.duplicates
            written.usage.add(second.blocks.usage)
        }
        releasePages()
        try writer.section(.structures) { (out) throws in
            try out.u64(UInt64(structureOffsets.count))
            var offset: UInt64 = 0
            var ends: [UInt64] = [0]
            for (n, o) in structureOffsets.enumerated() {
                if n % 8_192 == 0 { rows.releasePages() }
                offset += UInt64(try rows.frame(at: o).count)
                ends.append(offset)
            }
            for e in ends { try out.u64(e) }
            rows.releasePages()
            for (n, o) in structureOffsets.enumerated() {
                try out.bytes(try rows.frame(at: o))
                if n % 8_192 == 0 { rows.releasePages() }
            }
        }
        try writer.section(.strings) { (out) throws in
            try out.u32(UInt32(strings.count))
            for o in strings.offsets { try out.u32(o) }
            try strings.arena.withUnsafeBytes { b in try out.bytes(b) }
        }
        try writer.section(.keys) { (out) throws in
            try out.u64(UInt64(written.keys.count))
            for (k, b) in zip(written.keys, written.blocks) {
                try out.u64(k)
                try out.u64(b)
                try out.u64(SnapshotFormat.entryCheck(k, b))
            }
        }
        let practitionerCount = written.keys.count
        written.keys = []
        written.blocks = []
        var groups: [(UInt64, UInt64)] = []
        var releasedOrg: UInt64 = 0
        var moved = ByteSink()
        releasePages()
        try writer.section(.orgRecords) { (out) throws in
            var i = 0
            while i < organisations.count {
                var j = i
                while j < organisations.count, organisations[j].key == organisations[i].key { j += 1 }
                groups.append((organisations[i].key, out.written))
                try out.varint(UInt64(j - i))
                for e in organisations[i..<j] {
                    if e.offset & Self.absorbedRow != 0 {
                        moved.removeAll()
                        try Self.transcode(absorbed, e.offset, into: &moved)
                        try out.framed(moved.contents)
                    } else {
                        try out.framed(rows.frame(at: e.offset))
                    }
                }
                if out.written - releasedOrg > Self.releaseInterval {
                    releasePages()
                    releasedOrg = out.written
                }
                i = j
            }
        }
        try writer.section(.orgIndex) { (out) throws in
            try out.u64(UInt64(groups.count))
            for (hash, offset) in groups {
                try out.u64(hash)
                try out.u64(offset)
                try out.u64(SnapshotFormat.entryCheck(hash, offset))
            }
        }
        let created = ExtractTime(secondsSince1970: Int64(Date().timeIntervalSince1970))
        var provenance = SnapshotProvenance(
            formatVersion: SnapshotFormat.version, createdAt: created, inputs: inputs,
            practitioners: practitionerCount, rows: entries.count - written.duplicates, duplicateRows: written.duplicates,
            structures: structureOffsets.count,
            organisationMailboxes: organisations.count, unindexedRows: unindexed, strings: strings.count,
            usage: written.usage.usage(organisationMailboxes: organisations.count), unknownTokens: unknownTokens)
        try writer.finish(&provenance, created: created, review: review)
        // The search index is built from the sections just written (rows of tonight and carried
        // over alike), after the review, so that a refused night costs no index; the memory of the
        // rows' entries and strings is given back first.
        entries.releaseMemory(before: entries.count)
        strings = StringTable()
        (self.absorbed, organisations, structureOffsets) = (nil, [], [])
        try SearchIndexBuilder.append(to: &writer, file: file, created: created.secondsSince1970)
        try file.commit()
        return (provenance, file.size)
    }
}

extension BuildState {
    /// Writes the blocks of the practitioners whose entries are `range` of `entries` (sorted, the
    /// range cut between practitioners) to `out`, releasing the spills' pages as it goes (those
    /// that another thread reads come back on its next access).
    static func writeBlocks(
        _ entries: EntryBuffer<Entry>, _ range: Range<Int>, rows: Spill, absorbed: AbsorbedRows?, to out: inout SectionOutput
    ) throws -> WrittenBlocks {
        var written = WrittenBlocks()
        // At most one block per row: reserved once, so the arrays never double (and copy) while
        // the spill is mapped; only the pages written become memory.
        written.keys.reserveCapacity(range.count)
        written.blocks.reserveCapacity(range.count)
        var released: UInt64 = 0
        // Per practitioner, reused: the distinct rows, and their sources and families; the
        // absorbed rows, re-encoded.
        var moved = ByteSink()
        var movedRanges: [Range<Int>] = []
        var frames: [UnsafeRawBufferPointer] = []
        var sources: [RowSources] = []
        var families: [Family] = []
        var i = range.lowerBound
        while i < range.upperBound {
            let key = entries[i].key
            var j = i
            while j < range.upperBound, entries[j].key == key { j += 1 }
            // Identical rows of one practitioner (a duplicated line) are stored once, and counted.
            frames.removeAll(keepingCapacity: true)
            sources.removeAll(keepingCapacity: true)
            families.removeAll(keepingCapacity: true)
            // Absorbed rows are re-encoded first: `moved` may grow (and move) until all are in.
            moved.removeAll()
            movedRanges.removeAll(keepingCapacity: true)
            for e in entries.elements[i..<j] where e.offset & absorbedRow != 0 {
                let start = moved.count
                try transcode(absorbed, e.offset, into: &moved)
                movedRanges.append(start..<moved.count)
            }
            var nextMoved = 0
            for e in entries.elements[i..<j] {
                let frame: UnsafeRawBufferPointer
                if e.offset & absorbedRow != 0 {
                    frame = UnsafeRawBufferPointer(rebasing: moved.contents[movedRanges[nextMoved]])
                    nextMoved += 1
                } else {
                    frame = try rows.frame(at: e.offset & offsetMask)
                }
                if frames.contains(where: { sameBytes($0, frame) }) {
                    written.duplicates += 1
                } else {
                    frames.append(frame)
                    sources.append(RowSources(packed: UInt16(truncatingIfNeeded: e.offset >> 48)))
                    families.append(try RowCodec.family(code: frame.first ?? 255))
                }
            }
            if out.written - released > releaseInterval {
                rows.releasePages()
                absorbed?.rows.releasePages()
                released = out.written
            }
            written.keys.append(key)
            written.blocks.append(out.written)
            try out.varint(UInt64(frames.count))
            for frame in frames { try out.framed(frame) }
            written.usage.count(sources, families: families, key: PractitionerKey(rawValue: key))
            i = j
        }
        return written
    }

    /// Appends the absorbed row of entry offset `offset`, re-encoded, to `sink`.
    static func transcode(_ absorbed: AbsorbedRows?, _ offset: UInt64, into sink: inout ByteSink) throws {
        guard let absorbed else { throw SnapshotError.corrupt("an absorbed row without an absorbed state") }
        try absorbed.transcode(at: offset & offsetMask, into: &sink)
    }

    /// An entry's `offset`: the row's offset in the spill (bits 0-46), whether it is in the spill
    /// of the absorbed state instead (bit 47: such rows sort after the others of a practitioner
    /// with the same sources, as if appended), its `RowSources` (bits 48-59).
    static let offsetMask: UInt64 = (1 << 47) - 1
    static let absorbedRow: UInt64 = 1 << 47
    /// Bytes written between two releases of the spill's mapped pages (bounds the resident spill).
    static let releaseInterval: UInt64 = 16 << 20
}

/// The rows of a state built apart (`BuildState.absorb`): still in its spill, re-encoded against
/// the absorbing state's strings and structures when the snapshot is written.
final class AbsorbedRows {
    let rows: Spill
    /// String `i` of `strings` is string `map[i]` of the absorbing state, or inline when nil.
    let map: [UInt32?]
    let strings: StringTable
    /// Structure `i` of the absorbed state is structure `structureReferences[i] - 1`.
    let structureReferences: [UInt64]

    init(rows: Spill, map: [UInt32?], strings: consuming StringTable, structureReferences: [UInt64]) {
        self.rows = rows
        self.map = map
        self.strings = strings
        self.structureReferences = structureReferences
    }

    /// Appends the row framed at `offset` of `rows`, re-encoded, to `sink`.
    func transcode(at offset: UInt64, into sink: inout ByteSink) throws {
        var source = ByteSource(try rows.frame(at: offset))
        let code = try source.u8()
        sink.byte(code)
        try RowCodec.transcodeValues(&source, map: map, table: strings, into: &sink)
        if try RowCodec.family(code: code) == .personneActivite {
            let reference = try source.varint()
            guard reference <= UInt64(structureReferences.count) else { throw SnapshotError.corrupt("structure \(reference) out of range") }
            sink.varint(reference == 0 ? 0 : structureReferences[Int(reference - 1)])
        }
    }
}

/// What writing the blocks of some practitioners gave.
struct WrittenBlocks {
    var keys: [UInt64] = []
    /// Where each block starts, from the start of the output it was written to.
    var blocks: [UInt64] = []
    var duplicates = 0
    var usage = UsageCounter()
}

/// What the second thread of a two-half write hands back.
private final class SecondHalf: @unchecked Sendable {
    // @unchecked Sendable: the second thread alone writes the fields, before `join`; the first
    // reads them after.
    var blocks = WrittenBlocks()
    var output: SectionOutput?
    var error: (any Error)?
}

struct StructureHash: Equatable {
    var a: UInt64
    var b: UInt64
}

/// A map from 128-bit hashes (two of a million colliding is negligible) to ids: open addressing
/// on the first half. Finds structures by the hash of their encoded values, and by the hash of
/// their raw text.
struct StructureTable: ~Copyable {
    /// Per slot, index + 1 in `hashes` and `ids`; 0 is empty.
    private var slots = [UInt32](repeating: 0, count: 1 << 16)
    private var hashes: [StructureHash] = []
    private var ids: [UInt32] = []

    var count: Int { hashes.count }

    /// The id stored for `hash`, if any.
    func id(of hash: StructureHash) -> UInt32? {
        let slot = slot(of: hash)
        return slots[slot] == 0 ? nil : ids[Int(slots[slot] - 1)]
    }

    /// The id stored for `hash`, storing `count` (the next id, in order of first appearance) if
    /// there is none; and whether it was new.
    mutating func insert(_ hash: StructureHash) -> (id: UInt32, inserted: Bool) {
        let slot = slot(of: hash)
        if slots[slot] != 0 { return (ids[Int(slots[slot] - 1)], false) }
        let id = UInt32(count)
        put(hash, id, at: slot)
        return (id, true)
    }

    /// Stores `id` for `hash`, which has none.
    mutating func insert(_ hash: StructureHash, id: UInt32) {
        put(hash, id, at: slot(of: hash))
    }

    /// The slot holding `hash`, or the empty slot where it goes.
    private func slot(of hash: StructureHash) -> Int {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash.a) & mask
        while slots[slot] != 0, hashes[Int(slots[slot] - 1)] != hash { slot = (slot + 1) & mask }
        return slot
    }

    private mutating func put(_ hash: StructureHash, _ id: UInt32, at slot: Int) {
        precondition(slots[slot] == 0, "a hash stored twice")
        hashes.append(hash)
        ids.append(id)
        slots[slot] = UInt32(count)
        if count * 2 > slots.count { grow() }
    }

    private mutating func grow() {
        slots = [UInt32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash.a) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = UInt32(index) + 1
        }
    }
}

/// The rows read so far, framed `length (LEB128) + bytes`, in an unnamed file next to the
/// snapshot; mapped for the writing pass. Nothing remains on disk after a crash.
final class Spill {
    private let fd: Int32
    private var buffer = ByteSink(capacity: 4 << 20 + 64)
    private var flushed: UInt64 = 0
    private var mapping: UnsafeRawBufferPointer?
    let directory: String

    init(directory: String) throws {
        self.directory = directory
        var fd = open(directory, openTemporaryFlag | O_RDWR | O_CLOEXEC, 0o600)
        if fd < 0 {
            let name = "\(directory)/.annuaire-\(getpid())-spill.tmp"
            fd = open(name, O_CREAT | O_TRUNC | O_RDWR | O_CLOEXEC, 0o600)
            unlink(name)
        }
        guard fd >= 0 else { throw SnapshotError.writeFailed(path: directory, errno: errno, during: "creating the spill file") }
        self.fd = fd
    }

    deinit {
        if let mapping { munmap(UnsafeMutableRawPointer(mutating: mapping.baseAddress!), mapping.count) }
        close(fd)
    }

    /// Appends one framed row; returns its offset.
    func append(_ bytes: UnsafeRawBufferPointer) throws -> UInt64 {
        let offset = flushed + UInt64(buffer.count)
        // Index entries keep 47 bits of it (`BuildState.offsetMask`): 128 TiB.
        guard offset <= BuildState.offsetMask else {
            throw SnapshotError.writeFailed(path: directory, errno: EFBIG, during: "spilling rows")
        }
        buffer.varint(UInt64(bytes.count))
        buffer.append(bytes)
        if buffer.count >= 4 << 20 { try flush() }
        return offset
    }

    private func flush() throws {
        let contents = buffer.contents
        var done = 0
        while done < contents.count {
            let n = write(fd, contents.baseAddress! + done, contents.count - done)
            guard n > 0 else { throw SnapshotError.writeFailed(path: directory, errno: errno, during: "spilling rows") }
            done += n
        }
        flushed += UInt64(contents.count)
        buffer.removeAll()
    }

    /// Flushes and maps the spill for reading.
    func finish() throws -> Spill {
        try flush()
        if flushed > 0 {
            guard let address = mmap(nil, Int(flushed), PROT_READ, MAP_SHARED, fd, 0), address != MAP_FAILED else {
                throw SnapshotError.writeFailed(path: directory, errno: errno, during: "mapping the spill file")
            }
            madvise(address, Int(flushed), MADV_SEQUENTIAL)
            mapping = UnsafeRawBufferPointer(start: address, count: Int(flushed))
        }
        return self
    }

    /// Releases the mapped pages from this process's resident memory (they stay in the page
    /// cache and come back on the next access): keeps the writing pass's memory bounded.
    func releasePages() {
        if let mapping { madvise(UnsafeMutableRawPointer(mutating: mapping.baseAddress!), mapping.count, MADV_DONTNEED) }
    }

    /// The row framed at `offset` (its bytes, without the length).
    func frame(at offset: UInt64) throws -> UnsafeRawBufferPointer {
        guard let mapping else { throw SnapshotError.corrupt("spill file not mapped") }
        var source = ByteSource(mapping, at: Int(offset))
        let length = try source.varint()
        return try source.bytes(Int(length))
    }
}

/// Writes sections one after the other, with their CRC-32 and place for the header.
struct SectionWriter: ~Copyable {
    let file: AtomicFile
    var table: [(SnapshotFormat.Section, UInt32, UInt64, UInt64)] = []

    init(file: AtomicFile) { self.file = file }

    mutating func section(_ kind: SnapshotFormat.Section, _ body: (inout SectionOutput) throws -> Void) throws {
        // Sections start on 8-byte boundaries so their integer arrays are aligned in the mapping.
        let pad = Int((8 - file.size % 8) % 8)
        if pad > 0 { try file.write([UInt8](repeating: 0, count: pad)) }
        var out = SectionOutput(file: file)
        let start = UInt64(file.size)
        try body(&out)
        try out.flush()
        table.append((kind, out.crc, start, out.written))
    }

    func finishHeader(created: Int64) throws {
        var h = ByteSink()
        h.append(SnapshotFormat.magic)
        h.u32(SnapshotFormat.version)
        h.u32(UInt32(SnapshotFormat.headerSize))
        h.u64(UInt64(file.size))
        h.u64(UInt64(bitPattern: created))
        h.u32(UInt32(table.count))
        h.u32(0)
        for (kind, crc, offset, length) in table {
            h.u32(kind.rawValue)
            h.u32(crc)
            h.u64(offset)
            h.u64(length)
            h.u64(0)
        }
        h.append([UInt8](repeating: 0, count: SnapshotFormat.headerSize - 4 - h.count))
        let crc = crc32(0, h.contents)
        h.u32(crc)
        try file.write(h.bytes, at: 0)
    }
}

/// A buffered section body: counts what it writes and checksums it.
struct SectionOutput: ~Copyable {
    let file: AtomicFile
    private var buffer = ByteSink(capacity: 1 << 20 + 64)
    private(set) var crc: UInt32 = 0
    private(set) var written: UInt64 = 0

    init(file: AtomicFile) {
        self.file = file
    }

    mutating func varint(_ v: UInt64) throws {
        let before = buffer.count
        buffer.varint(v)
        try advance(buffer.count - before)
    }

    mutating func u32(_ v: UInt32) throws {
        buffer.u32(v)
        try advance(4)
    }

    mutating func u64(_ v: UInt64) throws {
        buffer.u64(v)
        try advance(8)
    }

    mutating func bytes(_ b: UnsafeRawBufferPointer) throws {
        buffer.append(b)
        try advance(b.count)
    }

    /// A row with its length prefix.
    mutating func framed(_ b: UnsafeRawBufferPointer) throws {
        try varint(UInt64(b.count))
        try bytes(b)
    }

    private mutating func advance(_ n: Int) throws {
        written += UInt64(n)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Appends `part`, a section body written from its start to a scratch file of its own.
    mutating func append(_ part: consuming SectionOutput) throws {
        try flush()
        try part.flush()
        try file.append(contentsOf: part.file, count: Int64(part.written))
        crc = UInt32(truncatingIfNeeded: crc32_combine(UInt(crc), UInt(part.crc), off_t(part.written)))
        written += part.written
    }

    mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        crc = crc32(crc, buffer.contents)
        try file.write(buffer.contents)
        buffer.removeAll()
    }
}
