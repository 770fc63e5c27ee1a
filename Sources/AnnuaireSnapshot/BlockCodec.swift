import AnnuaireParsing

/// One stored row, read in place: its head, its text, and for a personne-activite row its
/// structure's text and id.
struct RowView {
    var head: RowLayout.Head
    var text: UnsafeRawBufferPointer
    /// The structure's text (its 28 columns), when the row has one.
    var structure: UnsafeRawBufferPointer?
    /// Where the structure is stored in the records section: the id shared by every row of that
    /// structure.
    var structureID: Int?

    var family: Family { head.family }
}

/// How blocks of rows are laid out in the records section (format 3), and read.
///
/// ```
/// block      check u32 (CRC-32C of the rest of the block) · rows (LEB128) · rows
/// row        head u8 (`RowLayout.Head`) · structure (personne-activite only) · length (LEB128) · text
/// structure  inline:    check u32 (CRC-32C of its text) · length (LEB128) · text
///            reference: offset (LEB128) in the records section of a structure stored inline
/// ```
/// A block ends where the next one starts (the key index gives both); an ORG mailbox group in the
/// orgRecords section has the same form.
enum BlockCodec {
    /// The most rows a block may hold when read (a damaged count must not make a reader loop).
    static let maxRows = 1 << 20

    /// The rows of the block at `range` of `region` (whose structures are in `region` too), into
    /// `rows` (emptied first), after checking the block's CRC-32C.
    static func rows(of region: UnsafeRawBufferPointer, block range: Range<Int>, into rows: inout [RowView]) throws(SnapshotError) {
        rows.removeAll(keepingCapacity: true)
        guard range.lowerBound >= 0, range.upperBound <= region.count, range.count > 4 else {
            throw .corrupt("a block at \(range.lowerBound) lies outside its section")
        }
        let block = UnsafeRawBufferPointer(rebasing: region[range])
        guard block.le(0, as: UInt32.self) == SnapshotFormat.check(UnsafeRawBufferPointer(rebasing: block[4...])) else {
            throw .corrupt("the block at \(range.lowerBound) is damaged (check mismatch)")
        }
        var source = ByteSource(block, at: 4)
        let count = try source.varint()
        guard count > 0, count <= UInt64(maxRows) else { throw .corrupt("the block at \(range.lowerBound) holds \(count) rows") }
        for _ in 0..<count {
            guard let head = RowLayout.Head(try source.u8()) else {
                throw .corrupt("a row of the block at \(range.lowerBound) has a bad head")
            }
            var row = RowView(head: head, text: UnsafeRawBufferPointer(start: nil, count: 0))
            switch head.structure {
            case .none: break
            case .inline:
                let id = range.lowerBound + source.position
                row.structure = try structure(in: &source, at: id)
                row.structureID = id
            case .reference:
                let id = Int(clamping: try source.varint())
                var at = ByteSource(region, at: id)
                guard id >= 0, id < region.count else { throw .corrupt("a structure reference points outside the records") }
                row.structure = try structure(in: &at, at: id)
                row.structureID = id
            }
            row.text = try source.bytes(Int(clamping: try source.varint()))
            rows.append(row)
        }
        guard source.isAtEnd else { throw .corrupt("the block at \(range.lowerBound) has bytes after its rows") }
    }

    /// Reads an inline structure (check, length, text) at `source`'s position, checked.
    private static func structure(in source: inout ByteSource, at id: Int) throws(SnapshotError) -> UnsafeRawBufferPointer {
        let bytes = try source.bytes(4)
        let check = bytes.le(0, as: UInt32.self)
        let text = try source.bytes(Int(clamping: try source.varint()))
        guard check == SnapshotFormat.check(text) else { throw .corrupt("the structure at \(id) is damaged (check mismatch)") }
        return text
    }

    // MARK: writing

    /// Appends one row to `sink`: its head, then (for a structure) the inline structure or the
    /// reference, then its text. `inlineAt` is the offset in the section that `sink`'s start will
    /// have, to give an inline structure its id.
    static func appendRow(
        head: RowLayout.Head, structure: StructurePlacement, text: UnsafeRawBufferPointer, to sink: inout ByteSink
    ) {
        sink.byte(head.byte)
        switch structure {
        case .none: break
        case let .inline(bytes):
            sink.u32(SnapshotFormat.check(bytes))
            sink.varint(UInt64(bytes.count))
            sink.append(bytes)
        case let .reference(id):
            sink.varint(UInt64(id))
        }
        sink.varint(UInt64(text.count))
        sink.append(text)
    }

    /// How a row's structure is written.
    enum StructurePlacement {
        case none
        case inline(UnsafeRawBufferPointer)
        case reference(Int)
    }

    /// Bytes of a LEB128 varint.
    static func varintSize(_ value: UInt64) -> Int {
        var n = 1
        var v = value
        while v >= 0x80 {
            v >>= 7
            n += 1
        }
        return n
    }
}
