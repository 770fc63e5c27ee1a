#if canImport(Glibc)
    import Glibc
#endif

/// Why a snapshot cannot be opened, read or written. Each message says what and what to do.
public enum SnapshotError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No file at the snapshot's path: nothing was ingested there yet.
    case notFound(path: String)
    /// The snapshot exists but cannot be opened or mapped; `errno` says why.
    case cannotOpen(path: String, errno: Int32)
    /// The file does not begin with a snapshot's magic number.
    case notASnapshot(path: String)
    /// The snapshot is of a format version this code does not read.
    case unsupportedVersion(path: String, version: UInt32, supported: UInt32)
    /// The snapshot is of an older format version that this code reads only as the base of an
    /// ingest (its families carry over into the new format), not for lookups.
    case needsReingest(path: String, version: UInt32)
    /// The header's checksum does not match: the file is damaged.
    case headerChecksum(path: String)
    /// The file is shorter than its header says: it was cut short.
    case truncated(path: String, expected: Int64, actual: Int64)
    /// A section's checksum does not match (found by `Snapshot.verify()`).
    case sectionChecksum(path: String, section: String)
    /// A structure inside the file is inconsistent (a bound, an offset): the text says which.
    case corrupt(String)
    /// Writing a new snapshot failed (a full disk, a size limit); the previous one is untouched.
    case writeFailed(path: String, errno: Int32, during: String)
    /// An ingest was given no input that could be read.
    case noInput

    public var description: String {
        switch self {
        case let .notFound(path):
            return
                "no snapshot at \(path). Build one with `annuaire ingest FILE...` (or point --data-dir / ANNUAIRE_DATA at the right directory)."
        case let .cannotOpen(path, err):
            return "cannot open the snapshot \(path) (\(systemMessage(err)))."
        case let .notASnapshot(path):
            return "\(path) is not an annuaire snapshot (wrong magic number). Ingest the extraction files again to rebuild it."
        case let .unsupportedVersion(path, version, supported):
            return
                "\(path) is a snapshot of format version \(version); this annuaire reads version \(supported). Re-ingest with this version, or use the annuaire that wrote it."
        case let .needsReingest(path, version):
            return
                "\(path) is a snapshot of format version \(version), which this annuaire no longer answers from (it writes version \(SnapshotFormat.version)). Run `annuaire ingest` once with tonight's files (or the last night's, e.g. those `annuaire sync` keeps under archive/): it reads this snapshot as its base, carries the families it lacks over, and writes the new format."
        case let .headerChecksum(path):
            return "\(path): the snapshot header is damaged (checksum mismatch). Re-ingest the extraction files to rebuild it."
        case let .truncated(path, expected, actual):
            return
                "\(path): the snapshot is truncated (\(actual) bytes, its header says \(expected)). Re-ingest the extraction files to rebuild it."
        case let .sectionChecksum(path, section):
            return "\(path): the \(section) section is damaged (checksum mismatch). Re-ingest the extraction files to rebuild it."
        case let .corrupt(what):
            return "the snapshot is damaged: \(what). Run `annuaire verify`, then re-ingest the extraction files."
        case let .writeFailed(path, err, during):
            let hint = err == 28 ? " The disk is full." : err == 27 ? " The file size limit (ulimit -f) was reached." : ""
            return
                "could not write the snapshot in \(path) while \(during) (\(systemMessage(err))).\(hint) The previous snapshot, if any, is untouched."
        case .noInput:
            return "no extraction file was read: nothing to ingest."
        }
    }
}

/// The C library's text for an errno value, with its number: `File too large, errno 27`.
func systemMessage(_ err: Int32) -> String {
    guard let text = strerror(err) else { return "errno \(err)" }
    return "\(String(cString: text)), errno \(err)"
}
