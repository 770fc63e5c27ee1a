#if canImport(Glibc)
    import Glibc
#endif

/// A file that an export writes out of sight, through a buffer, and then puts in place.
///
/// Bytes gather in a buffer of `bufferSize` and go to an unnamed file in the destination's
/// directory (as `AtomicFile` does for snapshots), so a reader never sees a half-written export
/// under its final name; `commit()` syncs it and renames it over the destination. Dropping the
/// value without `commit()` leaves nothing behind. Not `Sendable`: one writer per file.
package final class ExportFile {
    /// The path the file takes on `commit()`.
    package var destination: String { file.destination }
    /// Bytes handed to `append` so far (written or still buffered).
    package private(set) var byteCount: Int64 = 0
    private let file: AtomicFile
    private var buffer: [UInt8] = []
    private let bufferSize: Int

    /// Opens an unnamed file in `destination`'s directory (which must exist).
    package init(destination: String, bufferSize: Int = 1 << 20) throws {
        file = try AtomicFile(destination: destination)
        self.bufferSize = bufferSize
        buffer.reserveCapacity(bufferSize + (1 << 16))
    }

    /// Lends the buffer to `body` to append bytes to, and writes it out once it holds `bufferSize`.
    package func append(_ body: (inout [UInt8]) throws -> Void) throws {
        let before = buffer.count
        try body(&buffer)
        byteCount += Int64(buffer.count - before)
        if buffer.count >= bufferSize { try flush() }
    }

    /// Appends `value`'s JSON text on one line, then a line feed (one NDJSON / JSON Lines record).
    package func appendLine(_ value: JSONValue) throws {
        try append { out in
            value.write(into: &out)
            out.append(0x0A)
        }
    }

    /// Writes out what the buffer holds.
    func flush() throws {
        guard !buffer.isEmpty else { return }
        try file.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Creates `directory` if it is missing (its parent must exist).
    package static func makeDirectory(_ directory: String) throws {
        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            throw SnapshotError.writeFailed(path: directory, errno: errno, during: "creating the export directory")
        }
    }

    /// Writes out the buffer, syncs the file and renames it over the destination.
    package func commit() throws {
        try flush()
        try file.commit()
    }
}
