#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file being written: bytes go to `<path>.tmp`, renamed to `path` by `commit()`, so a reader
/// never sees a half-written file. Dropped without `commit()`, the temporary file is removed.
final class FileOutput {
    let path: String
    let temporaryPath: String
    private var fd: Int32
    /// Bytes written so far (the offset of the next `write`).
    private(set) var position: Int64 = 0

    init(path: String) throws(SynthError) {
        self.path = path
        temporaryPath = path + ".tmp"
        fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotCreate(path: temporaryPath, errno: errno) }
    }

    deinit {
        if fd >= 0 {
            close(fd)
            unlink(temporaryPath)
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(SynthError) {
        guard var p = bytes.baseAddress, bytes.count > 0 else { return }
        var left = bytes.count
        while left > 0 {
            let n = Glibc.write(fd, p, left)
            if n < 0 {
                if errno == EINTR { continue }
                throw .writeFailed(path: temporaryPath, errno: errno)
            }
            p += n
            left -= n
        }
        position += Int64(bytes.count)
    }

    func write(_ bytes: [UInt8]) throws(SynthError) {
        try bytes.withBytes { (b) throws(SynthError) in try write(b) }
    }

    /// Overwrites bytes already written at `offset` (zip headers patched after their entry).
    func write(_ bytes: [UInt8], at offset: Int64) throws(SynthError) {
        try bytes.withBytes { (b) throws(SynthError) in
            var done = 0
            while done < b.count {
                let n = pwrite(fd, b.baseAddress! + done, b.count - done, off_t(offset) + off_t(done))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw .writeFailed(path: temporaryPath, errno: errno)
                }
                done += n
            }
        }
    }

    /// Closes the file and renames it into place.
    func commit() throws(SynthError) {
        let status = close(fd)
        fd = -1
        guard status == 0 else {
            let code = errno
            unlink(temporaryPath)
            throw .writeFailed(path: temporaryPath, errno: code)
        }
        guard rename(temporaryPath, path) == 0 else {
            let code = errno
            unlink(temporaryPath)
            throw .renameFailed(path: path, errno: code)
        }
    }
}

/// Little-endian fields of zip and gzip headers.
extension Array where Element == UInt8 {
    /// `withUnsafeBytes` for a body with typed throws (`rethrows` would erase the error type).
    func withBytes(_ body: (UnsafeRawBufferPointer) throws(SynthError) -> Void) throws(SynthError) {
        var failure: SynthError?
        withUnsafeBytes { b in
            do throws(SynthError) { try body(b) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    mutating func le16(_ v: UInt16) {
        append(UInt8(truncatingIfNeeded: v))
        append(UInt8(truncatingIfNeeded: v >> 8))
    }

    mutating func le32(_ v: UInt32) {
        le16(UInt16(truncatingIfNeeded: v))
        le16(UInt16(truncatingIfNeeded: v >> 16))
    }
}
