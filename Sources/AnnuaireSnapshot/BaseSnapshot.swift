@_spi(Internals) import AnnuaireParsing

/// A snapshot an ingest builds on: its practitioners' rows in key order in the form format 3
/// stores them, its ORG mailbox rows, its provenance. A format-3 `Snapshot` (rows read in place)
/// or a format-2 `LegacySnapshot` (rows rebuilt), so that an older snapshot's families carry over
/// into the new format, and the night's changes are counted against it.
protocol BaseSnapshot: AnyObject {
    var path: String { get }
    var provenance: SnapshotProvenance { get }
    /// The format version of the file.
    var formatVersion: UInt32 { get }
    /// The number of practitioners.
    var count: Int { get }
    /// The key of practitioner `i` (key order).
    func key(at i: Int) throws -> PractitionerKey
    /// The rows of practitioner `i` (key order) into `rows`, in place or rebuilt into `scratch`;
    /// returns the practitioner's key.
    func rows(at i: Int, into rows: inout [RowView], scratch: inout ByteSink) throws(SnapshotError) -> PractitionerKey
    /// The number of groups of ORG mailbox rows (one per hash of `Identification Structure`).
    var organisationGroups: Int { get }
    /// The ORG mailbox rows of group `i` (hash order) into `rows`, in place or rebuilt into
    /// `scratch`; returns the group's hash.
    func organisationRows(at i: Int, into rows: inout [RowView], scratch: inout ByteSink) throws(SnapshotError) -> UInt64
    /// Gives the mapped pages read so far back.
    func releasePages()
}

extension Snapshot: BaseSnapshot {
    var formatVersion: UInt32 { header.version }

    func rows(at i: Int, into rows: inout [RowView], scratch: inout ByteSink) throws(SnapshotError) -> PractitionerKey {
        try self.rows(at: i, into: &rows)
    }

    var organisationGroups: Int { orgKeys.count }

    func organisationRows(at i: Int, into rows: inout [RowView], scratch: inout ByteSink) throws(SnapshotError) -> UInt64 {
        try BlockCodec.rows(of: orgRecords, block: try groupRange(i), into: &rows)
        return try orgKeys.entry(i).key
    }
}

extension LegacySnapshot: BaseSnapshot {
    var formatVersion: UInt32 { header.version }
}

/// Opens the snapshot at `path` as the base of an ingest: format 3, or format 2 (read only to be
/// carried over).
func openBase(_ path: String) throws(SnapshotError) -> any BaseSnapshot {
    let file = try MappedFile(path: path)
    let header = try SnapshotHeader(reading: file.bytes, path: path)
    if header.version == SnapshotFormat.legacyVersion { return try LegacySnapshot(file: file, header: header) }
    return try Snapshot(file: file)
}
