import AnnuaireParsing

/// The snapshot being written, section by section, into an unnamed file that `finish` puts in place
/// (`AtomicFile`): the practitioners' blocks, their key index, the ORG mailbox groups and theirs,
/// the provenance and header, the change review, the search index.
struct SnapshotOutput: ~Copyable {
    private let file: AtomicFile
    private var writer: SectionWriter
    /// Where the records section lies, once written.
    private var records: Range<Int>?

    init(destination: String) throws(SnapshotError) {
        let file = try AtomicFile(destination: destination)
        let writer = try SectionWriter(file: file)
        self.file = file
        self.writer = writer
    }

    /// Writes the records section from `streams`; returns the merger, which knows the blocks.
    mutating func writeRecords(_ streams: [any RowStream]) throws -> BlockMerger {
        var merger = BlockMerger()
        try writer.section(.records) { out in try merger.merge(streams, into: &out) }
        records = writer.table.last!.range
        return merger
    }

    /// The rows of the blocks written (with the sources `merger` recorded for them), read back from
    /// the file: for a second pass.
    func writtenRows(_ merger: borrowing BlockMerger) throws -> WrittenRows {
        guard let records else { throw IngestError.internalFailure("the records were read back before they were written") }
        // The blocks handed to the writing thread must be in the file before it is mapped.
        try file.settle()
        let mapping = try MappedFile(descriptor: file.fd, length: Int(file.size), path: "\(file.destination) (first pass)")
        return WrittenRows(
            mapping: mapping, records: UnsafeRawBufferPointer(rebasing: mapping.bytes[records]), keys: merger.index.keys,
            offsets: merger.index.offsets, log: merger.rowLog)
    }

    /// Writes the key index of the blocks.
    mutating func writeKeys(_ index: borrowing KeyIndexWriter) throws {
        try writer.section(.keys) { out in try index.write(to: &out) }
    }

    /// Writes the ORG mailbox groups from `streams` (sorted by structure hash) and their index;
    /// returns the number of rows.
    mutating func writeOrganisations(_ streams: [any RowStream]) throws -> Int {
        var merger = BlockMerger(dropsDuplicates: false)
        try writer.section(.orgRecords) { out in try merger.merge(streams, into: &out) }
        try writer.section(.orgKeys) { out in try merger.index.write(to: &out) }
        return merger.rows
    }

    /// Writes the provenance and the header; gives the snapshot to `review` (which may refuse it,
    /// or return the change summary to store); adds the search index; syncs and renames the file
    /// into place. Returns its size.
    consuming func finish(
        _ provenance: inout SnapshotProvenance, created: ExtractTime, review: ((Snapshot) throws -> ChangeSummary?)?
    ) throws -> Int64 {
        try writer.finish(&provenance, created: created, review: review)
        // The search index is built from the sections just written (rows of tonight and carried
        // over alike), after the review, so that a refused night costs no index.
        try SearchIndexBuilder.append(to: &writer, file: file, created: created)
        try file.commit()
        return file.size
    }
}
