#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An error number of the C library, as a type: what a system call failed with.
package struct Errno: Error, Equatable, Sendable, CustomStringConvertible {
    /// The `errno` value.
    package let rawValue: Int32

    package init(_ rawValue: Int32) { self.rawValue = rawValue }

    /// The calling thread's `errno`, just after a failed call.
    package static var current: Errno { Errno(errno) }

    /// The C library's text and the number: `No space left on device, errno 28`.
    package var description: String {
        guard let text = strerror(rawValue) else { return "errno \(rawValue)" }
        return "\(String(cString: text)), errno \(rawValue)"
    }

    package static let noSpace = Errno(ENOSPC)
    package static let fileTooLarge = Errno(EFBIG)
    package static let interrupted = Errno(EINTR)
    package static let ioError = Errno(EIO)
}

/// An open file descriptor, owned: closed once, by `close()` or when the owner goes away. Every
/// read and write retries `EINTR` and short transfers, so callers see either the whole transfer or
/// an `Errno`.
///
/// It holds the descriptor only; callers say which file and what they were doing when they turn an
/// `Errno` into their own error.
package struct SystemFile: ~Copyable {
    /// The descriptor.
    package let descriptor: Int32

    /// Takes ownership of `descriptor`.
    package init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { Glibc.close(descriptor) }

    /// Opens `path` with `flags` (`O_CLOEXEC` is added).
    package static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws(Errno) -> SystemFile {
        while true {
            let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return SystemFile(descriptor: fd) }
            if errno != EINTR { throw .current }
        }
    }

    /// A new file in `directory` that has no name (`O_TMPFILE`), so that nothing is left behind if
    /// the process dies; where the file system cannot, a named file unlinked at once (`stem` names
    /// it meanwhile: `.annuaire-PID-stem.tmp`).
    package static func unnamed(in directory: String, stem: String, mode: mode_t = 0o600) throws(Errno) -> SystemFile {
        if let file = try? open(directory, unnamedFileFlag | O_RDWR, mode: mode) { return file }
        let name = "\(directory)/.annuaire-\(getpid())-\(stem).tmp"
        let file = try open(name, O_CREAT | O_TRUNC | O_RDWR, mode: mode)
        unlink(name)
        return file
    }

    /// Writes all of `bytes` at the file's position.
    package func write(_ bytes: UnsafeRawBufferPointer) throws(Errno) {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(descriptor, base + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw .current
            }
            // A write that makes no progress without an error: the device takes nothing more.
            guard n > 0 else { throw .ioError }
            done += n
        }
    }

    /// Writes all of `bytes` at `offset`, leaving the file's position.
    package func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(Errno) {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let n = pwrite(descriptor, base + done, bytes.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw .current
            }
            guard n > 0 else { throw .ioError }
            done += n
        }
    }

    /// Writes all of `bytes` at the file's position.
    package func write(_ bytes: [UInt8]) throws(Errno) {
        let result: Result<Void, Errno> = bytes.withUnsafeBytes { b in Result { () throws(Errno) in try write(b) } }
        try result.get()
    }

    /// Writes all of `bytes` at `offset`.
    package func write(_ bytes: [UInt8], at offset: Int64) throws(Errno) {
        let result: Result<Void, Errno> = bytes.withUnsafeBytes { b in Result { () throws(Errno) in try write(b, at: offset) } }
        try result.get()
    }

    /// Reads up to `buffer.count` bytes at `offset`; fewer only at the end of the file.
    package func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(Errno) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var done = 0
        while done < buffer.count {
            let n = pread(descriptor, base + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw .current
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// Reads up to `buffer.count` bytes at the file's position (fewer when the input has no more
    /// for now: a pipe, or the end of the file).
    package func read(into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        while true {
            let n = Glibc.read(descriptor, base, buffer.count)
            if n >= 0 { return n }
            if errno != EINTR { throw .current }
        }
    }

    /// Flushes the file's data and size to the device.
    package func sync() throws(Errno) {
        while fsync(descriptor) != 0 {
            if errno != EINTR { throw .current }
        }
    }

    /// Starts writing `range` back to the device without waiting (Linux's `sync_file_range`), so
    /// that a later `sync()` has little left to do. Best effort: nothing is reported.
    package func startWriteback(_ range: Range<Int64>) {
        _ = syncFileRange?(descriptor, range.lowerBound, Int64(range.count), 2)  // SYNC_FILE_RANGE_WRITE
    }

    /// Cuts the file to `length` bytes and moves the position there.
    package func truncate(to length: Int64) throws(Errno) {
        while ftruncate(descriptor, off_t(length)) != 0 {
            if errno != EINTR { throw .current }
        }
        guard lseek(descriptor, off_t(length), SEEK_SET) == off_t(length) else { throw .current }
    }

    /// The file's size.
    package func size() throws(Errno) -> Int64 {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .current }
        return Int64(info.st_size)
    }

    /// Closes the descriptor, reporting what `close` says (a delayed write error, on some file
    /// systems).
    package consuming func close() throws(Errno) {
        let fd = descriptor
        discard self
        guard Glibc.close(fd) == 0 else { throw .current }
    }
}

/// Linux's `sync_file_range` (behind `_GNU_SOURCE` in the C headers, so looked up at run time);
/// nil elsewhere.
private let syncFileRange: (@convention(c) (Int32, Int64, Int64, UInt32) -> Int32)? = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sync_file_range") else { return nil }
    return unsafeBitCast(symbol, to: (@convention(c) (Int32, Int64, Int64, UInt32) -> Int32).self)
}()

/// Linux's `O_TMPFILE` (`__O_TMPFILE | O_DIRECTORY`), a macro Swift does not import.
package let unnamedFileFlag: Int32 = 0o20_200_000
