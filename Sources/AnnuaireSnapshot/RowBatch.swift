import AnnuaireParsing

/// Rows on their way from the thread that read them to the one that writes the snapshot: each row
/// as the snapshot stores it (head, structure, text) with what the writer needs beside it (key,
/// sources, a hash of the structure), one after the other in one buffer.
///
/// ```
/// row   key u64 · head u8 · 0 u8 · sources u16 · text length u32 · structure length u32 · 0 u32
///       [structure hash 2 × u64 · structure]   (when the structure length is not 0)
///       text
/// ```
final class RowBatch {
    // @exclusivity(unchecked): a batch belongs to one thread at a time (handed over under the
    // queue's lock), and none of its methods lends a property while another uses it; the checks
    // cost a tenth of the reading thread's time.
    @exclusivity(unchecked) private(set) var sink: ByteSink
    /// Rows in the batch.
    @exclusivity(unchecked) private(set) var count = 0
    /// The offset, in its input's text, of the end of the last line whose row is in the batch.
    var textPosition: Int64 = 0

    static let headerSize = 24
    /// A batch is handed over once it holds this many bytes.
    static let capacity = 1 << 20

    init() { sink = ByteSink(capacity: Self.capacity + (64 << 10)) }

    var isFull: Bool { sink.count >= Self.capacity }
    var isEmpty: Bool { count == 0 }

    /// Forgets the rows, keeping the buffer.
    func removeAll() {
        sink.removeAll()
        count = 0
    }

    /// Starts a row; its text and structure follow (`appendText`, `finishRow`). Returns the row's
    /// start, for `finishRow`.
    func startRow(key: UInt64, head: RowLayout.Head, sources: UInt16, structure: UnsafeRawBufferPointer?) -> Int {
        let start = sink.count
        sink.u64(key)
        sink.byte(head.byte)
        sink.byte(0)
        sink.u16(sources)
        sink.u32(0)
        sink.u32(UInt32(structure?.count ?? 0))
        sink.u32(0)
        if let structure, !structure.isEmpty {
            let hash = StructureHash(of: structure)
            sink.u64(hash.a)
            sink.u64(hash.b)
            sink.append(structure)
        }
        return start
    }

    /// Appends bytes of the current row's text.
    func appendText(_ bytes: UnsafeRawBufferPointer) { sink.append(bytes) }

    /// Appends a separator to the current row's text.
    func appendSeparator() { sink.byte(0x7C) }

    /// Ends the row started at `start`: its text is what was appended since its structure, less any
    /// trailing `|`.
    func finishRow(at start: Int) {
        let structureLength = Int(sink.contents.le(start + 16, as: UInt32.self))
        let textStart = start + Self.headerSize + (structureLength > 0 ? 16 + structureLength : 0)
        var end = sink.count
        let bytes = sink.contents
        while end > textStart, bytes[end - 1] == 0x7C { end -= 1 }
        sink.truncate(to: end)
        sink.setU32(UInt32(end - textStart), at: start + 12)
        count += 1
    }

    /// Appends a whole row.
    func append(_ row: RowItem) {
        let start = startRow(key: row.key, head: row.head, sources: row.sources, structure: row.structure)
        appendText(row.text)
        finishRow(at: start)
    }
}

/// One row of a batch (or of a spill, which has the same form), in place.
struct RowItem {
    var key: UInt64
    /// The stream it came from (its place in the merge), and whether it was set aside (out of key
    /// order): rows of a practitioner go in the order of their streams, and within a stream those
    /// read in order before those set aside (`BlockMerger`).
    var stream = 0
    var spilled = false
    var head: RowLayout.Head
    var sources: UInt16
    var structureHash: StructureHash
    var structure: UnsafeRawBufferPointer?
    var text: UnsafeRawBufferPointer

    /// The row at `offset` of `bytes` (written by `RowBatch`), and the offset after it.
    static func read(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(IngestError) -> (RowItem, Int) {
        guard offset >= 0, offset + RowBatch.headerSize <= bytes.count, let head = RowLayout.Head(bytes[offset + 8]) else {
            throw .internalFailure("a row of the ingest's own buffers is damaged at \(offset)")
        }
        let textLength = Int(bytes.le(offset + 12, as: UInt32.self))
        let structureLength = Int(bytes.le(offset + 16, as: UInt32.self))
        var at = offset + RowBatch.headerSize
        var item = RowItem(
            key: bytes.le(offset), stream: 0, spilled: false, head: head, sources: bytes.le(offset + 10),
            structureHash: StructureHash(a: 0, b: 0), structure: nil,
            text: UnsafeRawBufferPointer(start: nil, count: 0))
        if structureLength > 0 {
            guard at + 16 + structureLength <= bytes.count else {
                throw .internalFailure("a row of the ingest's own buffers runs past its end")
            }
            item.structureHash = StructureHash(a: bytes.le(at), b: bytes.le(at + 8))
            item.structure = UnsafeRawBufferPointer(rebasing: bytes[(at + 16)..<(at + 16 + structureLength)])
            at += 16 + structureLength
        }
        guard at + textLength <= bytes.count else { throw .internalFailure("a row of the ingest's own buffers runs past its end") }
        item.text = UnsafeRawBufferPointer(rebasing: bytes[at..<(at + textLength)])
        return (item, at + textLength)
    }
}

/// A 128-bit hash of a structure's text: two structures of a million sharing it is negligible.
struct StructureHash: Equatable {
    var a: UInt64
    var b: UInt64
}
