import AnnuaireParsing

/// Writes the practitioners' blocks from streams of rows in key order (`RowStream`): a k-way
/// merge, one practitioner at a time. A practitioner's rows go in the order of their streams (the
/// inputs in the order given, then the base's carried-over rows), within a stream in the order
/// read, and the rows a stream set aside (read out of key order) after those it sent in order:
/// the order of a read of the inputs one after the other, line by line. A row identical to one already in the practitioner's block (a duplicated line) is
/// stored once, and counted; a structure is stored inline the first time a row has it, and
/// referred to by its place afterwards (`StructureTable`).
///
/// The ORG mailbox groups are written the same way (by structure hash, every row kept).
///
/// Not `Sendable`: it runs on the writing thread.
struct BlockMerger: ~Copyable {
    /// Whether rows identical to one kept before are left out (practitioners' blocks), or all kept
    /// (ORG mailbox groups).
    let dropsDuplicates: Bool
    private var structures = StructureTable()
    /// The key index of the blocks written.
    private(set) var index = KeyIndexWriter()
    private(set) var usage = UsageCounter()
    /// Rows written, and rows left out as duplicates.
    private(set) var rows = 0
    private(set) var duplicates = 0
    /// Per row written, in order: its sources (low 16 bits) and its stream (high 16 bits), what a
    /// second pass needs to count and order them again.
    private(set) var rowLog: [UInt32] = []
    private var gathered: [RowItem] = []
    private var sources: [RowSources] = []
    private var families: [Family] = []

    var structureCount: Int { structures.count }

    init(dropsDuplicates: Bool = true) {
        self.dropsDuplicates = dropsDuplicates
    }

    /// Counts `n` more duplicates (left out by a first pass).
    mutating func addDuplicates(_ n: Int) { duplicates += n }

    /// Merges `streams` into the records section `out`, a block per practitioner.
    mutating func merge(_ streams: [any RowStream], into out: inout SectionOutput) throws {
        while true {
            var next: UInt64?
            for stream in streams {
                if let row = try stream.head(), row.key < next ?? .max { next = row.key }
            }
            guard let key = next else { return }
            gathered.removeAll(keepingCapacity: true)
            for stream in streams {
                while let row = try stream.head(), row.key == key {
                    gathered.append(row)
                    stream.advance()
                }
            }
            try writeBlock(key, into: &out)
            for stream in streams { stream.recycle() }
        }
    }

    /// Writes the block of the rows gathered for `key`.
    private mutating func writeBlock(_ key: UInt64, into out: inout SectionOutput) throws {
        // In order: by stream, then those set aside after (a stable insertion sort: the rows come
        // nearly always in order already).
        for i in gathered.indices.dropFirst() {
            var j = i
            let row = gathered[i]
            while j > 0, (gathered[j - 1].stream, gathered[j - 1].spilled ? 1 : 0) > (row.stream, row.spilled ? 1 : 0) {
                gathered[j] = gathered[j - 1]
                j -= 1
            }
            gathered[j] = row
        }
        // Duplicates out: the same head, structure and text as a row kept before.
        var kept = 0
        for i in gathered.indices {
            let row = gathered[i]
            let duplicate =
                dropsDuplicates
                && gathered[0..<kept].contains { other in
                    other.head == row.head && sameBytes(other.text, row.text)
                        && (other.structure == nil) == (row.structure == nil)
                        && (row.structure.map { sameBytes($0, other.structure!) } ?? true)
                }
            if duplicate {
                duplicates += 1
            } else {
                gathered[kept] = row
                kept += 1
            }
        }
        sources.removeAll(keepingCapacity: true)
        families.removeAll(keepingCapacity: true)
        var blockStart: UInt64 = 0
        try out.write { (sink, base) throws(Never) in
            let start = sink.count
            blockStart = base + UInt64(start)
            sink.u32(0)
            sink.varint(UInt64(kept))
            for row in gathered[0..<kept] {
                var head = row.head
                var placement = BlockCodec.StructurePlacement.none
                if let structure = row.structure {
                    if let id = structures.id(of: row.structureHash) {
                        head.structure = .reference
                        placement = .reference(Int(id))
                    } else {
                        head.structure = .inline
                        // The structure's id is where its check goes: just after the head byte.
                        structures.insert(row.structureHash, id: base + UInt64(sink.count) + 1)
                        placement = .inline(structure)
                    }
                }
                BlockCodec.appendRow(head: head, structure: placement, text: row.text, to: &sink)
                sources.append(RowSources(packed: row.sources))
                families.append(row.head.family)
                rowLog.append(UInt32(row.sources) | UInt32(truncatingIfNeeded: row.stream) << 16)
            }
            let block = sink.contents
            sink.setU32(SnapshotFormat.check(UnsafeRawBufferPointer(rebasing: block[(start + 4)...])), at: start)
        }
        try out.flushIfFull()
        index.append(key: key, offset: blockStart)
        rows += kept
        usage.count(sources, families: families, key: PractitionerKey(rawValue: key))
    }
}
