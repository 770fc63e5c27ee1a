import AnnuaireParsing

/// Rows in key order, one input of the merge (`BlockMerger`): an input read on its own thread, the
/// sorted rows of a spill, the carried-over families of the base snapshot, or the blocks a first
/// pass wrote.
///
/// A row's bytes stay valid until `recycle()`, which the merger calls once the block they went into
/// is written.
protocol RowStream: AnyObject {
    /// The row at the head of the stream, or nil at its end.
    func head() throws -> RowItem?
    /// Steps past the head row.
    func advance()
    /// Lets go of the rows stepped past.
    func recycle()
}

/// The rows an `InputReader` sends, batch after batch.
final class QueuedRows: RowStream {
    let reader: InputReader
    private let context: IngestContext
    private var batch: RowBatch?
    private var position = 0
    private var next = 0
    private var current: RowItem?
    private var retired: [RowBatch] = []

    init(_ reader: InputReader, context: IngestContext) {
        self.reader = reader
        self.context = context
    }

    func head() throws -> RowItem? {
        if let current { return current }
        while true {
            if let batch, position < batch.sink.count {
                var (item, after) = try RowItem.read(batch.sink.contents, at: position)
                item.stream = reader.index
                current = item
                next = after
                return item
            }
            if let batch {
                retired.append(batch)
                self.batch = nil
            }
            guard let received = reader.queue.receive() else {
                if let failure = context.firstFailure { throw failure }
                return nil
            }
            batch = received
            position = 0
            context.report(.reading)
        }
    }

    func advance() {
        current = nil
        position = next
    }

    func recycle() {
        for batch in retired { reader.queue.recycle(batch) }
        retired.removeAll(keepingCapacity: true)
    }
}

/// The sorted rows of one kind of a finished `RowSpill`.
final class SpilledRows: RowStream {
    private let spill: RowSpill
    private let entries: EntryBuffer<RowSpill.Entry>
    private let stream: Int
    private var index = 0
    private var current: RowItem?

    /// The rows of `entries` of `spill`, set aside by the reader of stream `stream`.
    init(_ spill: RowSpill, entries: EntryBuffer<RowSpill.Entry>, stream: Int) {
        self.spill = spill
        self.entries = entries
        self.stream = stream
    }

    func head() throws -> RowItem? {
        if let current { return current }
        guard index < entries.count else { return nil }
        var row = try spill.row(entries[index])
        row.stream = stream
        row.spilled = true
        current = row
        return current
    }

    func advance() {
        current = nil
        index += 1
    }

    func recycle() {
        if index % 65_536 == 0 { spill.releasePages() }
    }
}

/// The rows of some families of a base snapshot (format 3 or 2), practitioner by practitioner (the
/// families carried over from the previous night), or its ORG mailbox rows, group by group.
final class BaseRows: RowStream {
    enum Kind { case practitioners, organisations }
    private let base: any BaseSnapshot
    private let families: Set<Family>
    private let kind: Kind
    private let count: Int
    private let stream: Int
    private var index = 0
    private var rows: [RowView] = []
    private var row = 0
    private var key: UInt64 = 0
    private var current: RowItem?
    /// The buffers rows of a format-2 base are rebuilt in, one per practitioner in turn: the
    /// previous practitioner's rows stay valid while the next one is read ahead.
    private var scratch = ByteSink()
    private var otherScratch = ByteSink()
    private var useSecond = false
    /// `Autorité d'enregistrement` tokens of the rows carried over that the attribution table does
    /// not know, with their counts.
    private(set) var unknownTokens: [String: Int] = [:]

    /// The rows of `families` of `base` (or its ORG mailbox rows), as stream `stream`.
    init(_ base: any BaseSnapshot, families: Set<Family>, kind: Kind = .practitioners, stream: Int) {
        self.base = base
        self.families = families
        self.kind = kind
        self.stream = stream
        count = kind == .practitioners ? base.count : base.organisationGroups
    }

    private func read(_ i: Int, into scratch: inout ByteSink) throws(SnapshotError) -> UInt64 {
        switch kind {
        case .practitioners: try base.rows(at: i, into: &rows, scratch: &scratch).rawValue
        case .organisations: try base.organisationRows(at: i, into: &rows, scratch: &scratch)
        }
    }

    func head() throws -> RowItem? {
        if let current { return current }
        while row >= rows.count || !families.contains(rows[row].family) {
            if row < rows.count {
                row += 1
                continue
            }
            guard index < count else { return nil }
            if index % 65_536 == 65_535 { base.releasePages() }
            useSecond.toggle()
            key = useSecond ? try read(index, into: &otherScratch) : try read(index, into: &scratch)
            index += 1
            row = 0
        }
        let view = rows[row]
        var sources: UInt16 = 0
        if kind == .practitioners {
            let (attributed, unknown) = try RowSources.attribute(view, key: PractitionerKey(rawValue: key))
            sources = attributed.packed
            for token in unknown where unknownTokens.count < 1000 || unknownTokens[token] != nil { unknownTokens[token, default: 0] += 1 }
        }
        current = RowItem(
            key: key, stream: stream,
            head: RowLayout.Head(
                family: view.family, identityElided: view.head.identityElided, structure: view.structure == nil ? .none : .inline),
            sources: sources,
            structureHash: view.structure.map(StructureHash.init(of:)) ?? StructureHash(a: 0, b: 0), structure: view.structure,
            text: view.text)
        return current
    }

    func advance() {
        current = nil
        row += 1
    }

    func recycle() {}
}

/// The blocks written by a first pass, row by row, with the sources and streams it recorded for
/// them (`BlockMerger.rowLog`): merged in a second pass with the rows that came out of key order.
final class WrittenRows: RowStream {
    private let mapping: MappedFile
    private let records: UnsafeRawBufferPointer
    private let keys: [UInt64]
    private let offsets: [UInt64]
    private let log: [UInt32]
    private var block = 0
    private var rows: [RowView] = []
    private var row = 0
    private var sourceIndex = 0
    private var current: RowItem?

    init(mapping: MappedFile, records: UnsafeRawBufferPointer, keys: [UInt64], offsets: [UInt64], log: [UInt32]) {
        self.mapping = mapping
        self.records = records
        self.keys = keys
        self.offsets = offsets
        self.log = log
    }

    func head() throws -> RowItem? {
        if let current { return current }
        while row >= rows.count {
            guard block < keys.count else { return nil }
            let end = block + 1 < offsets.count ? Int(offsets[block + 1]) : records.count
            try BlockCodec.rows(of: records, block: Int(offsets[block])..<end, into: &rows)
            block += 1
            row = 0
        }
        guard sourceIndex < log.count else { throw IngestError.internalFailure("more rows written than recorded") }
        let view = rows[row]
        current = RowItem(
            key: keys[block - 1], stream: Int(log[sourceIndex] >> 16),
            head: RowLayout.Head(
                family: view.family, identityElided: view.head.identityElided, structure: view.structure == nil ? .none : .inline),
            sources: UInt16(truncatingIfNeeded: log[sourceIndex]),
            structureHash: view.structure.map(StructureHash.init(of:)) ?? StructureHash(a: 0, b: 0),
            structure: view.structure, text: view.text)
        return current
    }

    func advance() {
        current = nil
        row += 1
        sourceIndex += 1
    }

    func recycle() {}
}
