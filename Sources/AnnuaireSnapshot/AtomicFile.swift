@_spi(Internals) import AnnuaireParsing

#if canImport(Glibc)
    import Glibc
#endif

/// A file written out of sight and then put in place in one step.
///
/// The data goes to an unnamed file in the destination's directory (`O_TMPFILE`), so a crash or
/// `kill -9` while writing leaves nothing behind. `commit()` syncs it, gives it a temporary name
/// and renames it over the destination (atomic on POSIX file systems), then syncs the directory.
/// Where the file system has no unnamed files, a named `.annuaire-PID-*.tmp` file is used instead,
/// and `removeStaleTemporaries` deletes those left by dead processes. Written data is handed to the
/// device as it goes (`startWriteback` every 64 MiB), so the final sync has little left to do.
final class AtomicFile {
    let destination: String
    let directory: String
    let file: SystemFile
    private var temporaryName: String?
    private var committed = false
    /// Bytes written so far (the current end of the file).
    private(set) var size: Int64 = 0
    /// Where the last writeback was started.
    private var writtenBack: Int64 = 0
    /// The thread that writes handed-over buffers, once one is.
    private var behind: WriteBehind?

    init(destination: String) throws(SnapshotError) {
        self.destination = destination
        directory = Self.directory(of: destination)
        Self.removeStaleTemporaries(in: directory)
        if let unnamed = try? SystemFile.open(directory, unnamedFileFlag | O_RDWR, mode: 0o644) {
            file = unnamed
        } else {
            let name = "\(directory)/.annuaire-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
            do {
                file = try SystemFile.open(name, O_CREAT | O_EXCL | O_RDWR, mode: 0o644)
            } catch {
                throw .writeFailed(path: directory, errno: error.rawValue, during: "creating a temporary file")
            }
            temporaryName = name
        }
    }

    deinit {
        behind?.stop()
        if !committed, let temporaryName { unlink(temporaryName) }
    }

    var fd: Int32 { file.descriptor }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Appends `sink`'s bytes, written on a thread of its own (`WriteBehind`) while the caller goes
    /// on; `sink` gets an empty buffer back. Every other operation waits for them first.
    func hand(_ sink: inout ByteSink) throws(SnapshotError) {
        let count = sink.count
        if behind == nil { behind = try WriteBehind(descriptor: fd, path: destination) }
        do { try behind!.hand(&sink) } catch { throw failure(error, "writing") }
        size += Int64(count)
        writtenBack = size
    }

    /// Waits for the buffers handed over to be written.
    func settle() throws(SnapshotError) {
        do { try behind?.drain() } catch { throw failure(error, "writing") }
    }

    /// Appends `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) throws(SnapshotError) {
        try settle()
        do { try file.write(bytes) } catch { throw failure(error, "writing") }
        size += Int64(bytes.count)
        if size - writtenBack >= Self.writebackInterval {
            file.startWriteback(writtenBack..<size)
            writtenBack = size
        }
    }

    func write(_ bytes: [UInt8]) throws(SnapshotError) {
        let result: Result<Void, SnapshotError> = bytes.withUnsafeBytes { b in Result { () throws(SnapshotError) in try write(b) } }
        try result.get()
    }

    /// Overwrites bytes at `offset` (the header, once the sections are known).
    func write(_ bytes: [UInt8], at offset: Int64) throws(SnapshotError) {
        try settle()
        do { try file.write(bytes, at: offset) } catch { throw failure(error, "writing the header") }
    }

    /// Cuts the file back to its first `length` bytes, the next write going there.
    func truncate(to length: Int64) throws(SnapshotError) {
        try settle()
        do { try file.truncate(to: length) } catch { throw failure(error, "rewriting the provenance") }
        size = length
        writtenBack = min(writtenBack, length)
    }

    /// The path through which this process can open the file while it is unnamed.
    var procPath: String { "/proc/self/fd/\(fd)" }

    /// Syncs the data and puts the file in place of the destination.
    func commit() throws(SnapshotError) {
        try settle()
        do { try file.sync() } catch { throw failure(error, "syncing") }
        let staging = temporaryName ?? "\(directory)/.annuaire-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        if temporaryName == nil {
            // Give the unnamed file a name: linkat through /proc works for O_TMPFILE files.
            guard linkat(AT_FDCWD, procPath, AT_FDCWD, staging, AT_SYMLINK_FOLLOW) == 0 else {
                throw failure(.current, "naming the new snapshot")
            }
            temporaryName = staging
        }
        guard rename(staging, destination) == 0 else { throw failure(.current, "renaming the new snapshot into place") }
        committed = true
        if let directory = try? SystemFile.open(directory, O_RDONLY | O_DIRECTORY) { try? directory.sync() }
    }

    private func failure(_ error: Errno, _ during: String) -> SnapshotError {
        .writeFailed(path: destination, errno: error.rawValue, during: during)
    }

    /// Bytes written between two writebacks.
    static let writebackInterval: Int64 = 64 << 20

    /// Deletes `.annuaire-PID-*.tmp` files whose process is gone (left by a crash on a file system
    /// without unnamed files, or by a kill between naming and renaming).
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
