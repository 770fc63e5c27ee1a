import AnnuaireParsing

/// Writes a snapshot's sections one after the other into an `AtomicFile` that starts with room for
/// the header, each with its CRC-32C and its place, then the header (`SnapshotHeader`).
struct SectionWriter: ~Copyable {
    let file: AtomicFile
    private(set) var table: [SnapshotHeader.Section] = []

    /// A writer of `file`, whose first `SnapshotHeader.size` bytes it writes as zeros (the header
    /// goes there at the end).
    init(file: AtomicFile) throws(SnapshotError) {
        self.file = file
        try file.write([UInt8](repeating: 0, count: SnapshotHeader.size))
    }

    /// Writes the section `kind` with `body`.
    mutating func section(_ kind: SnapshotFormat.Section, _ body: (inout SectionOutput) throws -> Void) throws {
        // Sections start on 8-byte boundaries so their integer arrays are aligned in the mapping.
        let pad = Int((8 - file.size % 8) % 8)
        if pad > 0 { try file.write([UInt8](repeating: 0, count: pad)) }
        var out = SectionOutput(file: file)
        let start = Int(file.size)
        try body(&out)
        try out.flush()
        table.append(SnapshotHeader.Section(kind: kind.rawValue, crc: out.crc, offset: start, length: Int(out.written)))
    }

    /// Forgets the last section written (it is cut off by the caller).
    mutating func removeSection(at index: Int) { table.remove(at: index) }

    /// Writes the header for the sections written so far.
    func finishHeader(created: ExtractTime) throws(SnapshotError) {
        let header = SnapshotHeader(version: SnapshotFormat.version, fileSize: Int(file.size), created: created, sections: table)
        try file.write(header.bytes, at: 0)
    }
}

/// A buffered section body: counts what it writes and checksums it (CRC-32C).
struct SectionOutput: ~Copyable {
    let file: AtomicFile
    private var buffer = ByteSink(capacity: 4 << 20 + 64)
    private(set) var crc: UInt32 = 0
    private(set) var written: UInt64 = 0

    init(file: AtomicFile) {
        self.file = file
    }

    mutating func varint(_ v: UInt64) throws(SnapshotError) {
        let before = buffer.count
        buffer.varint(v)
        try advance(buffer.count - before)
    }

    mutating func u32(_ v: UInt32) throws(SnapshotError) {
        buffer.u32(v)
        try advance(4)
    }

    mutating func u64(_ v: UInt64) throws(SnapshotError) {
        buffer.u64(v)
        try advance(8)
    }

    mutating func bytes(_ b: UnsafeRawBufferPointer) throws(SnapshotError) {
        buffer.append(b)
        try advance(b.count)
    }

    /// Lets `body` append to the buffer directly; it gets the section offset of the buffer's
    /// start (where its bytes will be in the section).
    mutating func write<E: Error>(_ body: (inout ByteSink, _ start: UInt64) throws(E) -> Void) throws(E) -> Void {
        let before = buffer.count
        try body(&buffer, written - UInt64(before))
        written += UInt64(buffer.count - before)
    }

    /// Flushes the buffer when it is big enough (after `write`).
    mutating func flushIfFull() throws(SnapshotError) {
        if buffer.count >= 4 << 20 { try flush() }
    }

    private mutating func advance(_ n: Int) throws(SnapshotError) {
        written += UInt64(n)
        if buffer.count >= 4 << 20 { try flush() }
    }

    mutating func flush() throws(SnapshotError) {
        guard !buffer.isEmpty else { return }
        crc = SnapshotFormat.check(buffer.contents, continuing: crc)
        try file.hand(&buffer)
    }
}
