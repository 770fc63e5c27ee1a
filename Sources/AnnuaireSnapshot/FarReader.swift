@_spi(Internals) import AnnuaireParsing

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a snapshot's records by `pread`, into a buffer of its own, rather than through the
/// mapping: for a pass in order over the records (`SearchScan`) that now and then reads a structure
/// written far before its place. Through the mapping, each such read makes resident not a page
/// but the whole folio that holds it: on a file system that caches large folios (ext4 on Linux
/// 6.x), one fault maps up to 2 MiB, and a few hundred of them made the national set's scan hold
/// 300 MB of the file at once.
final class FarReader {
    private let file: SystemFile
    /// Where the records section starts in the file.
    private let recordsOffset: Int
    private let recordsCount: Int
    private var buffer: UnsafeMutableRawBufferPointer

    /// A reader of `snapshot`'s records, through a descriptor of its own; nil if its file cannot be
    /// opened again (the caller then reads through the mapping).
    init?(_ snapshot: Snapshot) {
        guard let records = snapshot.records.baseAddress, let base = snapshot.file.bytes.baseAddress,
            let file = try? SystemFile.open(snapshot.path, O_RDONLY)
        else { return nil }
        self.file = file
        recordsOffset = records - base
        recordsCount = snapshot.records.count
        buffer = .allocate(byteCount: 1 << 12, alignment: 8)
    }

    deinit { buffer.deallocate() }

    /// The check word and text of the structure at `id` of the records, the text valid until the
    /// next read; nil when they cannot be read so (outside the records, a read error, a bad
    /// length): the caller then reads through the mapping, which says what is wrong.
    func structure(at id: Int) -> (check: UInt32, text: UnsafeRawBufferPointer)? {
        guard id >= 0, id < recordsCount, var part = read(id, count: min(512, recordsCount - id)) else { return nil }
        var source = ByteSource(part)
        guard let check = try? source.bytes(4).le(0, as: UInt32.self), let length = try? Int(clamping: source.varint()) else {
            return nil
        }
        let start = source.position
        guard length <= recordsCount - id - start else { return nil }
        if start + length > part.count {
            guard let whole = read(id, count: start + length) else { return nil }
            part = whole
        }
        return (check, UnsafeRawBufferPointer(rebasing: part[start..<(start + length)]))
    }

    /// `count` bytes at `id` of the records, into the buffer; nil on a read error or a short read.
    private func read(_ id: Int, count: Int) -> UnsafeRawBufferPointer? {
        if count > buffer.count {
            buffer.deallocate()
            buffer = .allocate(byteCount: count, alignment: 8)
        }
        let target = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count])
        guard let n = try? file.read(into: target, at: Int64(recordsOffset + id)), n == count else { return nil }
        return UnsafeRawBufferPointer(target)
    }
}
