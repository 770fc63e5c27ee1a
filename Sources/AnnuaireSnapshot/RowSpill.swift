@_spi(Internals) import AnnuaireParsing

#if canImport(Glibc)
    import Glibc
#endif

/// Rows that must be sorted before they are merged, kept out of memory: an unnamed file of rows
/// (in `RowBatch` form) next to the snapshot, and 16 bytes per row in memory (its sort key and its
/// offset in the file). Two kinds: the rows of an input that came out of key order, and ORG
/// mailbox rows (sorted by the hash of their structure). Nothing remains on disk after a crash.
final class RowSpill {
    struct Entry: Comparable {
        var key: UInt64
        var offset: UInt64
        static func < (a: Self, b: Self) -> Bool { (a.key, a.offset) < (b.key, b.offset) }
    }

    private let file: SystemFile
    private let directory: String
    private let staging = RowBatch()
    private var flushed: Int64 = 0
    /// Rows out of key order, by practitioner key.
    let disordered = EntryBuffer<Entry>(capacity: 1 << 26)
    /// ORG mailbox rows, by `fnv1a` of their `Identification Structure`.
    let organisations = EntryBuffer<Entry>(capacity: 1 << 24)
    private var mapping: MappedFile?

    init(directory: String) throws(SnapshotError) {
        self.directory = directory
        do { file = try SystemFile.unnamed(in: directory, stem: "rows") } catch {
            throw .writeFailed(path: directory, errno: error.rawValue, during: "creating a file for the rows to sort")
        }
    }

    /// The batch to write the next row into (`RowBatch.startRow`…`finishRow`), then `add` it.
    var batch: RowBatch { staging }

    /// Records the row just finished at `start` of `batch`, sorted by `key`, as a disordered row or
    /// an ORG mailbox row.
    func add(rowAt start: Int, key: UInt64, organisation: Bool, path: String) throws {
        let entry = Entry(key: key, offset: UInt64(flushed) + UInt64(start))
        guard (organisation ? organisations : disordered).append(entry) else {
            throw IngestError.tooManyRows(path: path, limit: (organisation ? organisations : disordered).capacity)
        }
        if staging.isFull { try flush() }
    }

    private func flush() throws(SnapshotError) {
        do { try file.write(staging.sink.contents) } catch {
            throw .writeFailed(path: directory, errno: error.rawValue, during: "writing the rows to sort")
        }
        flushed += Int64(staging.sink.count)
        staging.removeAll()
    }

    /// Writes what is left, sorts both kinds and maps the file for reading.
    func finish() throws(SnapshotError) {
        try flush()
        disordered.sort()
        organisations.sort()
        mapping = try MappedFile(descriptor: file.descriptor, length: Int(flushed), path: "\(directory) (rows to sort)")
    }

    /// The row of `entry`, once finished.
    func row(_ entry: Entry) throws(IngestError) -> RowItem {
        guard let mapping else { throw .internalFailure("a spilled row read before the spill was finished") }
        return try RowItem.read(mapping.bytes, at: Int(entry.offset)).0
    }

    /// Gives the mapped pages back (they stay in the page cache).
    func releasePages() { mapping?.releasePages() }
}
