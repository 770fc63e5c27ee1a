import AnnuaireParsing

/// What a snapshot was built from, stored in it as JSON: per input, where it came from and what
/// reading it found; and the snapshot's own counts.
public struct SnapshotProvenance: Codable, Sendable, Equatable {
    /// The format version of the snapshot (`SnapshotFormat.version` when it was written).
    public var formatVersion: UInt32
    /// When the snapshot was written.
    public var createdAt: ExtractTime
    /// Every input the snapshot holds rows of: tonight's, and those carried over.
    public var inputs: [InputProvenance]
    /// Distinct practitioners (keys of the index).
    public var practitioners: Int
    /// Rows stored under a practitioner.
    public var rows: Int
    /// Rows identical to another row of the same practitioner, stored once.
    public var duplicateRows: Int
    /// Distinct structures (sites) of personne-activite rows.
    public var structures: Int
    /// ORG (organisation) mailboxes, kept per structure.
    public var organisationMailboxes: Int
    /// Rows read but not indexed: no well-formed practitioner identifier (each was warned about).
    public var unindexedRows: Int
    /// Distinct interned values.
    public var strings: Int
    /// Per source and family: how many rows and practitioners depend on it.
    public var usage: [SourceUsage]
    /// `Autorité d'enregistrement` tokens the attribution table does not know, with their counts.
    public var unknownTokens: [String: Int]
    /// What changed against the snapshot this one was built on (`ChangeSummary`); nil for a first
    /// ingest, or one without a base.
    public var changes: ChangeSummary? = nil

    /// The inputs of one family.
    public func inputs(of family: Family) -> [InputProvenance] { inputs.filter { $0.family == family } }
}

/// One input (a file, or one entry of a zip) of a snapshot.
public struct InputProvenance: Codable, Sendable, Equatable {
    /// The family the input's header identified.
    public var family: Family
    /// The file's name (without its directory) and, for a zip, the entry's.
    public var fileName: String
    /// The zip entry's name, for an entry of an archive.
    public var entry: String?
    /// When the input was extracted; nil if it was never known.
    public var extractTime: ExtractTime?
    /// `file name` or `--as-of`.
    public var extractTimeSource: String?
    /// Bytes of the input (compressed size for gzip and zip entries).
    public var inputBytes: Int64
    /// Bytes of text (after decompression).
    public var textBytes: Int64
    /// Whether this input was carried over from the previous snapshot (its family was absent
    /// from the night's files).
    public var carriedOver: Bool = false
    /// CRC-32 of the text, as 8 hex digits.
    public var checksum: String
    /// Data rows read.
    public var rows: Int
    /// Lines set aside, with a reason, when it was read.
    public var quarantinedLines: Int
    /// Warnings raised when it was read (all kinds).
    public var warnings: Int
    /// E.g. `56 columns (2026 layout)`.
    public var layout: String
    /// The text encoding (`ASCII`, `UTF-8` or `Windows-1252`), with the lines of a UTF-8 file read as Windows-1252.
    public var encoding: String

    init(_ report: ScanReport) {
        family = report.family
        fileName = String(report.path.split(separator: "/").last ?? Substring(report.path))
        entry = report.entry
        extractTime = report.extractTime
        extractTimeSource = report.extractTimeSource
        inputBytes = report.inputBytes ?? report.textBytes
        textBytes = report.textBytes
        let hex = String(report.textCRC32 ?? 0, radix: 16)
        checksum = String(repeating: "0", count: 8 - hex.count) + hex
        rows = report.rows
        quarantinedLines = report.quarantined
        warnings = report.warnings.reduce(0) { $0 + $1.count }
        layout = report.layout
        encoding =
            report.encoding.rawValue + (report.linesReadAsWindows1252 > 0 ? " (\(report.linesReadAsWindows1252) lines Windows-1252)" : "")
    }
}

/// How much of a snapshot depends on one source through one family.
public struct SourceUsage: Codable, Sendable, Equatable {
    /// The source.
    public var source: Source
    /// The family whose rows the source feeds.
    public var family: Family
    /// Rows with at least one part from this source.
    public var rows: Int
    /// Practitioners with at least one such row.
    public var practitioners: Int
}
