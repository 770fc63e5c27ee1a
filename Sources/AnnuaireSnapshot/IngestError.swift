import AnnuaireParsing

/// Why an ingest stops without writing (the current snapshot stays as it was): the nightly rules
/// (`NightlyRules`) and the builder's own limits. Failures of the inputs are `ExtractionError`s,
/// of the disk `SnapshotError.writeFailed`.
public enum IngestError: Error, Equatable, CustomStringConvertible {
    /// An input has no extract time: its name has no `_YYYYMMDDhhmm` and none was given.
    case noExtractTime(path: String)
    /// An input is older than the base snapshot's for its family (refused unless forced).
    case olderThanBase(path: String, family: Family, extractTime: ExtractTime, base: ExtractTime)
    /// Every input is identical to the base's (same family, extract time and checksum): nothing to do.
    case unchanged(inputs: [String])
    /// An input holds more rows than one ingest can index.
    case tooManyRows(path: String, limit: Int)
    /// Something that cannot happen did: an error in annuaire itself, not in the inputs.
    case internalFailure(String)

    public var description: String {
        switch self {
        case let .noExtractTime(path):
            return
                "\(path): the name has no _YYYYMMDDhhmm extract time; give it with --as-of (e.g. --as-of 2026-11-22T03:00), never guessed from the clock or the file's date."
        case let .olderThanBase(path, family, time, base):
            return
                "\(path): this \(family.rawValue) extract (\(time.parisDescription)) is older than the one in the snapshot (\(base.parisDescription)); refusing to go back in time. Use --force if you mean it."
        case let .unchanged(inputs):
            return
                "nothing new: \(inputs.joined(separator: ", ")) \(inputs.count == 1 ? "is" : "are") already in the snapshot (same extract time and checksum); the snapshot is unchanged."
        case let .tooManyRows(path, limit):
            return
                "\(path): more than \(limit) rows to sort in one ingest, the most this annuaire indexes at once. Split the input, or sort it by identifier (rows in order need no sorting). The snapshot is unchanged."
        case let .internalFailure(what):
            return
                "annuaire failed while building the snapshot: \(what). This is an error in annuaire, not in the files; the snapshot is unchanged. Please report it with the command that was run."
        }
    }
}
