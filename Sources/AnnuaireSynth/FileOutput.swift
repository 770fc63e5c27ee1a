import AnnuaireParsing

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
    /// The open temporary file; nil once committed.
    private var file: SystemFile?
    /// Bytes written so far (the offset of the next `write`).
    private(set) var position: Int64 = 0

    init(path: String) throws(SynthError) {
        self.path = path
        temporaryPath = path + ".tmp"
        do {
            file = try SystemFile.open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC)
        } catch {
            throw .cannotCreate(path: temporaryPath, errno: error.rawValue)
        }
    }

    deinit {
        if file != nil { unlink(temporaryPath) }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(SynthError) {
        // Writing after `commit` is a bug of the caller, not bytes to drop silently.
        precondition(file != nil, "\(path) written after it was committed")
        do {
            try file?.write(bytes)
        } catch {
            throw .writeFailed(path: temporaryPath, errno: error.rawValue)
        }
        position += Int64(bytes.count)
    }

    func write(_ bytes: [UInt8]) throws(SynthError) {
        try bytes.withBytes { (b) throws(SynthError) in try write(b) }
    }

    /// Overwrites bytes already written at `offset` (zip headers patched after their entry).
    func write(_ bytes: [UInt8], at offset: Int64) throws(SynthError) {
        precondition(file != nil, "\(path) written after it was committed")
        do {
            try file?.write(bytes, at: offset)
        } catch {
            throw .writeFailed(path: temporaryPath, errno: error.rawValue)
        }
    }

    /// Closes the file and renames it into place.
    func commit() throws(SynthError) {
        guard let open = file.take() else { return }
        do {
            try open.close()
        } catch {
            unlink(temporaryPath)
            throw .writeFailed(path: temporaryPath, errno: error.rawValue)
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
