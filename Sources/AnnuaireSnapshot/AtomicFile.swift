import CZlib

#if canImport(Glibc)
    import Glibc
#endif

/// A file written out of sight and then put in place in one step.
///
/// The data goes to an unnamed file in the destination's directory (`openTemporaryFlag`), so a crash or
/// `kill -9` while writing leaves nothing behind. `commit()` syncs it, gives it a temporary name
/// and renames it over the destination (atomic on POSIX file systems), then syncs the directory.
/// Where `openTemporaryFlag` is not supported, a named `.annuaire-*.tmp` file is used instead, and
/// `removeStaleTemporaries` deletes those left by dead processes.
final class AtomicFile {
    let destination: String
    let directory: String
    private(set) var fd: Int32
    private var temporaryName: String?
    private var committed = false
    /// Bytes written so far (the current end of the file).
    private(set) var size: Int64 = 0

    init(destination: String) throws {
        self.destination = destination
        directory = Self.directory(of: destination)
        Self.removeStaleTemporaries(in: directory)
        fd = open(directory, openTemporaryFlag | O_RDWR | O_CLOEXEC, 0o644)
        if fd < 0 {
            let name = "\(directory)/.annuaire-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
            fd = open(name, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw SnapshotError.writeFailed(path: directory, errno: errno, during: "creating a temporary file") }
            temporaryName = name
        }
    }

    deinit {
        if fd >= 0 { close(fd) }
        if !committed, let temporaryName { unlink(temporaryName) }
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Appends `bytes`, retrying short writes.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw SnapshotError.writeFailed(path: destination, errno: errno, during: "writing")
            }
            done += n
        }
        size += Int64(bytes.count)
    }

    /// Appends the first `count` bytes of `other`.
    func append(contentsOf other: AtomicFile, count: Int64) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        var offset: Int64 = 0
        while offset < count {
            let n = pread(other.fd, buffer.baseAddress, Int(min(Int64(buffer.count), count - offset)), off_t(offset))
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                throw SnapshotError.writeFailed(path: destination, errno: n < 0 ? errno : EIO, during: "copying a part written apart")
            }
            try write(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            offset += Int64(n)
        }
    }

    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { b in try write(b) }
    }

    /// Overwrites bytes at `offset` (the header, once the sections are known).
    func write(_ bytes: [UInt8], at offset: Int64) throws {
        let n = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(offset)) }
        guard n == bytes.count else { throw SnapshotError.writeFailed(path: destination, errno: errno, during: "writing the header") }
    }

    /// Cuts the file back to its first `length` bytes, the next write going there.
    func truncate(to length: Int64) throws {
        guard ftruncate(fd, off_t(length)) == 0, lseek(fd, off_t(length), SEEK_SET) == off_t(length) else {
            throw SnapshotError.writeFailed(path: destination, errno: errno, during: "rewriting the provenance")
        }
        size = length
    }

    /// The path through which this process can open the file while it is unnamed.
    var procPath: String { "/proc/self/fd/\(fd)" }

    /// Syncs the data and puts the file in place of the destination.
    func commit() throws {
        guard fsync(fd) == 0 else { throw SnapshotError.writeFailed(path: destination, errno: errno, during: "syncing") }
        let staging = temporaryName ?? "\(directory)/.annuaire-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        if temporaryName == nil {
            // Give the unnamed file a name: linkat through /proc works for openTemporaryFlag files.
            guard linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, staging, AT_SYMLINK_FOLLOW) == 0 else {
                throw SnapshotError.writeFailed(path: destination, errno: errno, during: "naming the new snapshot")
            }
            temporaryName = staging
        }
        guard rename(staging, destination) == 0 else {
            throw SnapshotError.writeFailed(path: destination, errno: errno, during: "renaming the new snapshot into place")
        }
        committed = true
        let dirfd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirfd >= 0 {
            fsync(dirfd)
            close(dirfd)
        }
    }

    /// Deletes `.annuaire-PID-*.tmp` files whose process is gone (left by a crash on a file system
    /// without `openTemporaryFlag`, or by a kill between naming and renaming).
    static func removeStaleTemporaries(in directory: String) {
        guard let dir = opendir(directory) else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name.hasPrefix(".annuaire-"), name.hasSuffix(".tmp") else { continue }
            let pid = name.dropFirst(".annuaire-".count).prefix { $0 != "-" }
            if let pid = Int32(pid), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH {
                unlink("\(directory)/\(name)")
            }
        }
    }
}

/// Linux's `O_TMPFILE` (`__O_TMPFILE | O_DIRECTORY`), a macro Swift does not import.
let openTemporaryFlag: Int32 = 0o20_200_000
