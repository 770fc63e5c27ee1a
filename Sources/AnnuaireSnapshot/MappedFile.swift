#if canImport(Glibc)
    import Glibc
#endif

/// A read-only memory mapping of a whole file, unmapped once when the owner goes away.
///
/// The mapping stays valid even if the file is renamed over or deleted meanwhile: a reader that
/// holds an old snapshot keeps answering from it while a new one takes its name.
final class MappedFile: @unchecked Sendable {
    // @unchecked Sendable: the mapping is read-only and immutable for its whole life.
    let bytes: UnsafeRawBufferPointer
    let path: String

    init(path: String) throws(SnapshotError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw errno == ENOENT ? .notFound(path: path) : .cannotOpen(path: path, errno: errno)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .cannotOpen(path: path, errno: errno) }
        let size = Int(info.st_size)
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_SHARED, fd, 0), address != MAP_FAILED else {
            throw .cannotOpen(path: path, errno: errno)
        }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    /// Maps the first `length` bytes of the open file `descriptor` (a file being written, say), named
    /// `path` in messages.
    init(descriptor: Int32, length: Int, path: String) throws(SnapshotError) {
        self.path = path
        guard length > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let address = mmap(nil, length, PROT_READ, MAP_SHARED, descriptor, 0), address != MAP_FAILED else {
            throw .cannotOpen(path: path, errno: errno)
        }
        bytes = UnsafeRawBufferPointer(start: address, count: length)
    }

    /// Drops the mapping's resident pages (a shared file mapping: they stay in the page cache).
    func releasePages() {
        if let base = bytes.baseAddress { madvise(UnsafeMutableRawPointer(mutating: base), bytes.count, MADV_DONTNEED) }
    }

    /// Tells the kernel the mapping is read at random (no read-ahead, no fault-around).
    func adviseRandomAccess() {
        if let base = bytes.baseAddress { madvise(UnsafeMutableRawPointer(mutating: base), bytes.count, MADV_RANDOM) }
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }
}
