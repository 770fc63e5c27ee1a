/// What reading one input (a text or gzip file, or one zip entry) found.
public struct ScanReport: Sendable, Codable {
    /// The file as given on the command line.
    public var path: String
    /// The zip entry's name, for an entry of an archive.
    public var entry: String?
    /// How the text was stored: plain, gzip, or a zip entry.
    public var container: Container
    /// Gzip members read (several when files were concatenated).
    public var gzipMembers: Int?
    /// The backend that inflated the input (`zlib` or `isal`); nil for text and stored zip entries.
    public var inflater: InflateBackend? = nil
    /// The family the header identified.
    public var family: Family
    /// E.g. `52 columns (2021 layout)`.
    public var layout: String
    /// The number of columns of the header.
    public var columnCount: Int
    /// Header labels the family's layouts do not know (appended columns): read, kept, not interpreted.
    public var unknownColumns: [String]
    /// Known columns of the family that this file's header lacks (an older layout): read as empty.
    public var missingColumns: [String]
    /// The file's encoding: UTF-8 (or pure ASCII), or Windows-1252 when it is not valid UTF-8.
    public var encoding: TextEncoding
    /// Lines of a UTF-8 file that were not valid UTF-8 and were read as Windows-1252.
    public var linesReadAsWindows1252: Int
    /// Whether the text began with a UTF-8 byte order mark (skipped).
    public var hadByteOrderMark: Bool
    /// When the file was extracted (from its name's `_YYYYMMDDhhmm`, `--as-of`, or the archive's record).
    public var extractTime: ExtractTime?
    /// `file name` or `--as-of`.
    public var extractTimeSource: String?
    /// Data rows delivered (quarantined lines excluded).
    public var rows: Int
    /// Distinct practitioners (by type and identifier) among the rows.
    public var practitioners: Int
    /// Empty lines (skipped, and counted as a warning).
    public var blankLines: Int
    /// Lines set aside, with a reason (see `quarantine`); never silently dropped.
    public var quarantined: Int
    /// The first quarantined lines (all are counted in `quarantined`).
    public var quarantine: [QuarantinedLine]
    /// Problems that did not stop a row from being read, by kind, with the first examples.
    public var warnings: [WarningTally]
    /// Bytes of text read (after decompression).
    public var textBytes: Int64
    /// Bytes of the input file (compressed size for a zip entry), when known.
    public var inputBytes: Int64?
    /// CRC-32 of the text (after decompression), when asked for (`ReadOptions.checksum`).
    public var textCRC32: UInt32?
    /// Wall-clock seconds the read took.
    public var elapsedSeconds: Double
    /// The part of the file's lines this report covers, for a plain text file read in parts
    /// (`ExtractionReader.plan(_:options:parts:)`); nil for a whole input, and once joined.
    public var part: TextPart? = nil
    /// What joining the reports of parts needs beyond the counts (not encoded).
    var partTotals: PartTotals? = nil

    /// What a part's report keeps for `joined(_:)`.
    struct PartTotals: Sendable {
        /// `ReadOptions.quarantineExamples` of the read.
        var quarantineExamples: Int
        /// The part's distinct practitioners, sorted (empty when they were not counted).
        var practitionerKeys: [UInt64]
    }

    enum CodingKeys: String, CodingKey {
        case path, entry, container, gzipMembers, inflater, family, layout, columnCount, unknownColumns, missingColumns
        case encoding, linesReadAsWindows1252, hadByteOrderMark, extractTime, extractTimeSource, rows, practitioners
        case blankLines, quarantined, quarantine, warnings, textBytes, inputBytes, textCRC32, elapsedSeconds, part
    }

    /// Megabytes (10⁶ bytes) of text per second.
    public var megabytesPerSecond: Double { elapsedSeconds > 0 ? Double(textBytes) / elapsedSeconds / 1e6 : 0 }

    /// How an input's text was stored.
    public enum Container: String, Sendable, Codable {
        /// Plain text.
        case text
        /// A gzip file (one member or several).
        case gzip
        /// An entry of a zip archive.
        case zip
    }

    /// The report of a whole plain text file from the reports of all its parts (`TextPart`), in
    /// order: exactly the report of one read of the file.
    ///
    /// The parts were read with the line numbers and the encoding a read of the whole file gives
    /// their lines (`ExtractionReader.read(_:options:quarantine:progress:_:)` on a planned part),
    /// so nothing is renumbered: counts are added, the first quarantined lines and warning
    /// examples are taken in line order up to the read's limits, the encoding is the last part's
    /// (what the whole file settled on), the CRC-32s of the parts' text are combined
    /// (`crc32_combine`) into the file's, distinct practitioners are counted across the parts
    /// (each part keeps its sorted keys), and the time is the longest part's (they run at once).
    public static func joined(_ parts: [ScanReport]) -> ScanReport {
        precondition(!parts.isEmpty, "no part to join")
        for (index, report) in parts.enumerated() {
            precondition(
                report.part?.index == index && report.part?.count == parts.count && report.path == parts[0].path,
                "ScanReport.joined: report \(index) is not part \(index + 1) of \(parts.count) of \(parts[0].path)")
        }
        let examples = parts[0].partTotals?.quarantineExamples ?? 0
        var whole = parts[parts.count - 1]
        whole.part = nil
        whole.partTotals = nil
        whole.linesReadAsWindows1252 = parts.reduce(0) { $0 + $1.linesReadAsWindows1252 }
        whole.rows = parts.reduce(0) { $0 + $1.rows }
        whole.practitioners = DistinctKeys.countUnion(parts.map { $0.partTotals?.practitionerKeys ?? [] })
        whole.blankLines = parts.reduce(0) { $0 + $1.blankLines }
        whole.quarantined = parts.reduce(0) { $0 + $1.quarantined }
        whole.quarantine = Array(parts.lazy.flatMap(\.quarantine).prefix(examples))
        whole.warnings = WarningKind.allCases.compactMap { kind in
            let tallies = parts.compactMap { $0.warnings.first { $0.kind == kind } }
            guard var tally = tallies.first else { return nil }
            for next in tallies.dropFirst() { tally.add(next) }
            return tally
        }
        whole.textBytes = parts.reduce(0) { $0 + $1.textBytes }
        whole.inputBytes = parts.allSatisfy { $0.inputBytes != nil } ? parts.reduce(0) { $0 + $1.inputBytes! } : nil
        whole.textCRC32 = parts.dropFirst().reduce(parts[0].textCRC32) { crc, next in
            guard let crc, let nextCRC = next.textCRC32 else { return nil }
            return crc32Combine(crc, nextCRC, length: next.textBytes)
        }
        whole.elapsedSeconds = parts.map(\.elapsedSeconds).max()!
        return whole
    }
}

/// A line set aside because it cannot be read as a row: nothing is silently dropped.
public struct QuarantinedLine: Sendable, Codable, Equatable {
    /// 1-based line number in the (decompressed) file; the header is line 1.
    public var lineNumber: Int
    /// Offset of the line's first byte in the (decompressed) file.
    public var byteOffset: Int64
    /// Why the line could not be read as a row.
    public var reason: QuarantineReason
    /// The line's first 200 bytes, decoded leniently.
    public var excerpt: String
}

/// Why a line was quarantined.
public enum QuarantineReason: Sendable, Codable, Equatable, CustomStringConvertible {
    /// The line has `found` fields where the header has `expected` columns.
    case fieldCount(found: Int, expected: Int)
    /// The line is `length` bytes long, over the limit.
    case lineTooLong(length: Int, limit: Int)
    /// A NUL byte at `byte` (0-based) in the line: binary data, not text in any encoding.
    case nulByte(byte: Int)

    public var description: String {
        switch self {
        case let .fieldCount(found, expected):
            "\(found) fields where the header has \(expected) columns"
        case let .lineTooLong(length, limit):
            "line of \(length) bytes, longer than the limit of \(limit)"
        case let .nulByte(byte):
            "NUL byte at byte \(byte + 1) of the line"
        }
    }
}

/// A kind of problem that does not stop a row from being read.
public enum WarningKind: String, Sendable, Codable, CaseIterable {
    /// An RPPS whose Luhn check digit is wrong.
    case badRPPSKey = "bad RPPS check digit"
    /// An ADELI whose check digit is wrong.
    case badADELIKey = "bad ADELI check digit"
    /// A practitioner identifier of the wrong length or characters for its type.
    case malformedIdentifier = "malformed practitioner identifier"
    /// An `Identification nationale PP` that is not the type followed by the identifier.
    case nationalIDMismatch = "national identifier inconsistent with type and identifier"
    /// A `Type d'identifiant PP` that the spec does not list.
    case unknownIdentifierType = "unknown identifier type"
    /// A FINESS number whose check digit is wrong.
    case badFINESS = "bad FINESS number"
    /// A SIRET whose Luhn check digit is wrong.
    case badSIRET = "bad SIRET number"
    /// A SIREN whose Luhn check digit is wrong.
    case badSIREN = "bad SIREN number"
    /// A date column that is not a valid date.
    case invalidDate = "unparseable date"
    /// A line of a UTF-8 file that is not valid UTF-8, read as Windows-1252.
    case notUTF8 = "line not valid UTF-8, read as Windows-1252"
    /// An empty line.
    case blankLine = "blank line"
}

/// How often one kind of warning occurred, with the first examples.
public struct WarningTally: Sendable, Codable, Equatable {
    /// The kind of problem.
    public var kind: WarningKind
    /// How many times it occurred in the input.
    public var count: Int
    /// The first occurrences (a few; all are counted).
    public var examples: [Example]

    /// One occurrence of a warning.
    public struct Example: Sendable, Codable, Equatable {
        /// 1-based line number in the (decompressed) file.
        public var lineNumber: Int
        /// The label of the column holding the value.
        public var column: String
        /// The value found.
        public var value: String
    }

    /// Adds the count and, up to three, the examples of `other`, a tally of the lines after this
    /// one's.
    mutating func add(_ other: WarningTally) {
        count += other.count
        examples += other.examples.prefix(3 - examples.count)
    }
}
