#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Limits and choices for reading extraction files.
public struct ReadOptions: Sendable {
    /// A longer line is quarantined (its bytes past the limit are never held in memory).
    public var maxLineLength = 1 << 20
    /// A header with more columns is refused.
    public var maxColumns = 4096
    /// Bytes handed to the tokenizer at a time (tests use tiny values to move chunk boundaries).
    public var chunkSize = 1 << 20
    /// Zip entries to read, by name prefix; empty: the entries of the five families.
    public var entryPrefixes: [String] = []
    /// The one zip entry to read, by its full name (a unit of `ExtractionReader.plan`); overrides
    /// `entryPrefixes`.
    public var entry: String?
    /// The extract time to use instead of the file name's timestamp.
    public var asOf: ExtractTime?
    /// Extract times known for given paths (e.g. what `annuaire sync` read from the response's
    /// headers), with their origin; `asOf` still overrides them, and they override the name.
    package var extractTimes: [String: AssignedExtractTime] = [:]
    /// Check identifiers and dates of every row (warnings).
    public var validate = true
    /// Count distinct practitioners (a set of one 64-bit key per practitioner).
    public var countPractitioners = true
    /// How many quarantined lines the report keeps (all are counted).
    public var quarantineExamples = 20
    /// An input that inflates to more bytes is refused (zip bombs): 16 GiB, twenty times the
    /// largest real file.
    public var maxTextBytes: Int64 = 16 << 30
    /// Compute the CRC-32 of each input's text (the content checksum a snapshot records).
    public var checksum = false
    /// What inflates gzip files and deflate zip entries: ISA-L when available, by default.
    public var inflater: InflateBackend = .automatic

    /// The defaults, fit for a nightly file.
    public init() {}
}

/// Reads extraction files: detects the container from the bytes (text, gzip, zip; `-` is standard
/// input), picks zip entries by name prefix, and streams every row of every input to a closure.
public enum ExtractionReader {
    /// Reads `path` and calls `body` with each row; returns one report per input read (one per
    /// chosen zip entry, else one).
    ///
    /// - Parameters:
    ///   - path: a `.txt`, `.gz` or `.zip` file, or `-` for standard input.
    ///   - options: limits, zip entries, extract time, validation (the defaults suit a nightly file).
    ///   - quarantine: called with each quarantined line and its raw bytes, e.g. to save them to a
    ///     file.
    ///   - progress: called now and then with the bytes read so far, for a progress bar.
    ///   - body: called with each row that was read, in file order; the record is valid only
    ///     during the call.
    /// - Throws: `ExtractionError` when the file cannot be read at all (missing, truncated or
    ///   corrupt compressed data, unknown family…); errors thrown by `body` pass through.
    public static func read(
        _ path: String, options: ReadOptions = ReadOptions(),
        quarantine: ((String, QuarantinedLine, UnsafeRawBufferPointer) -> Void)? = nil,
        progress: ((ReadProgress) -> Void)? = nil,
        _ body: (Record) throws -> Void
    ) throws -> [ScanReport] {
        let context = Context(options: options, quarantine: quarantine, progress: progress)
        var reports: [ScanReport] = []
        try forEachInput(path, options) { stream, name in
            var report = try readStream(stream, path: stream is ZipEntryStream ? zipPath(stream) : name, name: name, context, body)
            switch stream {
            case let gzip as GzipStream:
                report.container = .gzip
                report.gzipMembers = gzip.members
                report.inputBytes = gzip.filePosition
                report.inflater = gzip.backend
            case let entry as ZipEntryStream:
                report.container = .zip
                report.entry = entry.entry.name
                report.inputBytes = entry.entry.compressedSize
                report.inflater = entry.backend
            default:
                report.inputBytes = stream.filePosition
            }
            reports.append(report)
        }
        return reports
    }

    private static func zipPath(_ stream: ByteStream) -> String { (stream as! ZipEntryStream).archivePath }

    /// One input of a file, read alone by `read(_:options:quarantine:progress:_:)`: a chosen zip
    /// entry, the whole file, or a part of a plain text file's lines.
    public struct PlannedInput: Sendable {
        /// The file.
        public var path: String
        /// The zip entry, or nil for the whole file.
        public var entry: String?
        /// The text it holds: a zip entry's uncompressed size, a part's bytes, else the file's size
        /// (a gzip file's compressed size, times five).
        public var estimatedTextBytes: Int64
        /// Whether it is a plain text file (nothing to inflate).
        public var isPlainText = false
        /// The lines of the file it holds, when it is a part of a plain text file cut into several
        /// (`plan(_:options:parts:)`); nil: all of them.
        public var part: TextPart? = nil
    }

    /// The inputs `read(path, options:)` would read, without reading them; for a zip, its chosen
    /// entries (an error when none is). Inputs of one file can then be read apart, in parallel.
    ///
    /// With `parts` above 1, a plain text file of `halvesThreshold` (32 MiB) or more is cut into that
    /// many parts (`TextPart`, fewer when its lines are too few or too long), to be read on as
    /// many threads (`PlannedInput.cut(into:options:)`); standard input, pipes, gzip files and zip
    /// entries are never cut.
    public static func plan(_ path: String, options: ReadOptions = ReadOptions(), parts: Int = 1) throws -> [PlannedInput] {
        try plan(path, options: options, parts: parts, from: Int64(halvesThreshold))
    }

    /// `plan`, with the size from which a plain text file is cut into parts (tests use small
    /// files).
    package static func plan(_ path: String, options: ReadOptions, parts: Int, from minimumBytes: Int64) throws -> [PlannedInput] {
        let inputs = try wholeInputs(path, options: options)
        guard parts > 1 else { return inputs }
        return try inputs.flatMap { try $0.cut(into: parts, options: options, from: minimumBytes) }
    }

    /// The inputs of `path`, none cut into parts.
    private static func wholeInputs(_ path: String, options: ReadOptions) throws -> [PlannedInput] {
        // Standard input and pipes are read once, whole: what planning would peek at would not be
        // there to read again.
        guard path != "-" else { return [PlannedInput(path: path, entry: nil, estimatedTextBytes: 0)] }
        let file = try FileInput(path: path)
        guard let size = file.size else { return [PlannedInput(path: path, entry: nil, estimatedTextBytes: 0)] }
        let magic = try file.peek(6)
        if isGzip(magic) { return [PlannedInput(path: path, entry: nil, estimatedTextBytes: size * 5)] }
        if isZip(magic) {
            let archive = try ZipArchive(file: file)
            let chosen = try chosenEntries(of: archive, at: file.path, options)
            return chosen.map { PlannedInput(path: path, entry: $0.name, estimatedTextBytes: $0.uncompressedSize) }
        }
        return [PlannedInput(path: path, entry: nil, estimatedTextBytes: size, isPlainText: otherCompression(magic) == nil)]
    }

    /// Decompresses the inputs of `path` (each chosen zip entry, else the whole file) without
    /// tokenizing: `body` gets each input's name and then its chunks. The decompression floor
    /// that `annuaire bench` compares reading against, and `annuaire cat`.
    public static func decompress(
        _ path: String, options: ReadOptions = ReadOptions(), _ body: (_ name: String, _ chunk: UnsafeRawBufferPointer) throws -> Void
    ) throws {
        try forEachInput(path, options) { stream, name in
            try ChunkPipeline(chunkSize: options.chunkSize).run(stream) { chunk, _ in try body(name, chunk) }
        }
    }

    /// Opens `path`, detects its container, and calls `body` with the stream of each input.
    static func forEachInput(_ path: String, _ options: ReadOptions, _ body: (ByteStream, String) throws -> Void) throws {
        let file = try FileInput(path: path)
        let magic = try file.peek(6)
        if magic.isEmpty { throw ExtractionError.emptyFile(path: file.path) }
        if isGzip(magic) {
            try body(GzipStream(source: file, path: file.path, backend: options.inflater), file.path)
        } else if isZip(magic) {
            let archive = try ZipArchive(file: file.isSeekable ? file : spool(file))
            let chosen = try chosenEntries(of: archive, at: file.path, options)
            for entry in chosen { try body(try archive.open(entry, backend: options.inflater), entry.name) }
        } else if let format = otherCompression(magic) {
            throw ExtractionError.unsupportedCompression(path: file.path, format: format)
        } else {
            try body(file, file.path)
        }
    }

    /// The entries of `archive` (read from `path`) that `options` choose; an error when there are
    /// none.
    static func chosenEntries(of archive: ZipArchive, at path: String, _ options: ReadOptions) throws(ExtractionError)
        -> [ZipArchive.Entry]
    {
        let chosen = archive.entries.filter { isChosen($0, options) }
        guard !chosen.isEmpty else {
            let wanted = options.entryPrefixes.isEmpty ? ["the five families' names"] : options.entryPrefixes
            throw .zipNoEntry(path: path, wanted: wanted, entries: archive.entries.map(\.name))
        }
        return chosen
    }

    /// Whether a zip entry is read: by full name or by prefix when given, else when it names one of
    /// the families.
    static func isChosen(_ entry: ZipArchive.Entry, _ options: ReadOptions) -> Bool {
        guard !entry.isDirectory else { return false }
        if let name = options.entry { return entry.name == name }
        let prefixes = options.entryPrefixes
        if prefixes.isEmpty { return Family.named(entry.baseName) != nil }
        return prefixes.contains { entry.baseName.hasPrefix($0) || entry.name.hasPrefix($0) }
    }

    /// What every input of one `read` call shares.
    struct Context {
        var options: ReadOptions
        var quarantine: ((String, QuarantinedLine, UnsafeRawBufferPointer) -> Void)?
        var progress: ((ReadProgress) -> Void)?
    }

    /// The streaming loop: chunks → lines → records.
    ///
    /// With `part`, `stream` holds the bytes of a part of a plain text file (`TextPart`), the
    /// first part from the file's start: each part after the first learns, from the bytes
    /// before it, what a read of the whole file would know at its first line (`PartPrelude`).
    static func readStream(
        _ stream: ByteStream, path: String, name: String, _ context: Context, part: (TextPart, of: FileInput)? = nil,
        _ body: (Record) throws -> Void
    ) throws -> ScanReport {
        let options = context.options
        let start = monotonicSeconds()
        let label = name == path ? path : "\(path) [\(name)]"
        let name = String(name.split(separator: "/").last ?? Substring(name))
        var reader = RecordReader(path: label, options: options, quarantineSink: context.quarantine)
        var firstLine = (number: 1, offset: Int64(0))
        if let (part, file) = part, part.index > 0 {
            firstLine = (try PartPrelude.prepare(&reader, for: part, of: file, options: options), part.bytes.lowerBound)
        }
        var splitter = LineSplitter(maxLineLength: options.maxLineLength, firstNumber: firstLine.number, firstOffset: firstLine.offset)
        var total: Int64 = 0
        // The checksum a zip entry computes anyway is not computed twice.
        let checksum = options.checksum && stream.contentCRC32 == nil
        // The parts of a file are read at once, each on a core: each reads its bytes itself.
        let pipeline = ChunkPipeline(chunkSize: options.chunkSize, checksum: checksum, inLine: part != nil)
        try pipeline.run(stream) { chunk, filePosition in
            total += Int64(chunk.count)
            if total > options.maxTextBytes { throw ExtractionError.tooManyBytes(path: label, limit: options.maxTextBytes) }
            try splitter.push(chunk) { try reader.consume($0, body) }
            context.progress?(ReadProgress(path: path, filePosition: filePosition, textBytes: total, rows: reader.rows))
        }
        try splitter.finish { try reader.consume($0, body) }
        var result = try report(
            of: reader, path: path, label: label, name: name, textBytes: total,
            crc: options.checksum ? stream.contentCRC32 ?? pipeline.crc : nil, options: options, start: start)
        if let (part, _) = part {
            let expected = part.bytes.upperBound - (part.index == 0 ? 0 : part.bytes.lowerBound)
            guard total == expected else { throw ExtractionError.changedSincePlanned(path: path, offset: firstLine.offset + total) }
            result.part = part
            result.partTotals = .init(quarantineExamples: options.quarantineExamples, practitionerKeys: reader.practitionerKeys)
        }
        return result
    }

    /// The report of one input read by `reader`.
    static func report(
        of reader: borrowing RecordReader, path: String, label: String, name: String, textBytes: Int64, crc: UInt32?,
        options: ReadOptions, start: Double
    ) throws -> ScanReport {
        guard let schema = reader.schema else { throw ExtractionError.emptyFile(path: label) }
        let fromName = ExtractTime(fileName: name)
        let assigned = options.extractTimes[path]
        let extractTime = options.asOf ?? assigned?.time ?? fromName
        return ScanReport(
            path: path, entry: nil, container: .text, gzipMembers: nil, family: schema.family, layout: schema.layout,
            columnCount: schema.columnCount, unknownColumns: schema.unknownColumns, missingColumns: schema.missingColumns,
            encoding: reader.encoding, linesReadAsWindows1252: reader.linesReadAsWindows1252,
            hadByteOrderMark: reader.hadByteOrderMark, extractTime: extractTime,
            extractTimeSource: options.asOf != nil ? "--as-of" : assigned?.origin ?? (fromName != nil ? "file name" : nil),
            rows: reader.rows, practitioners: reader.practitionerCount, blankLines: reader.blankLines,
            quarantined: reader.quarantined, quarantine: reader.quarantine, warnings: reader.warningTallies,
            textBytes: textBytes, inputBytes: nil, textCRC32: crc, elapsedSeconds: monotonicSeconds() - start)
    }

    /// Copies a non-seekable input (a zip piped on standard input) to an unlinked temporary file,
    /// since a zip is read from its end.
    private static func spool(_ input: FileInput) throws -> FileInput {
        var template = Array("\(ProcessTemporaryDirectory.path)/annuaire-stdin-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw ExtractionError.cannotOpen(path: "temporary file for standard input", errno: errno) }
        let copy = SystemFile(descriptor: fd)
        let tempPath = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(tempPath) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let n = try input.read(into: buffer)
            if n == 0 { break }
            do {
                try copy.write(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            } catch {
                throw ExtractionError.spoolFailed(path: tempPath, errno: error.rawValue)
            }
        }
        let spooled = try FileInput(path: tempPath)
        return spooled
    }

    /// Whether a file starting with `magic` is a gzip file.
    static func isGzip(_ magic: [UInt8]) -> Bool { magic.starts(with: [0x1F, 0x8B]) }

    /// Whether a file starting with `magic` is a zip archive (a local header, or the end of an
    /// empty archive's directory).
    static func isZip(_ magic: [UInt8]) -> Bool {
        magic.starts(with: [0x50, 0x4B, 0x03, 0x04]) || magic.starts(with: [0x50, 0x4B, 0x05, 0x06])
    }

    static func otherCompression(_ magic: [UInt8]) -> String? {
        if magic.starts(with: [0x42, 0x5A, 0x68]) { return "bzip2" }
        if magic.starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return "xz" }
        if magic.starts(with: [0x28, 0xB5, 0x2F, 0xFD]) { return "zstd" }
        if magic.starts(with: [0x37, 0x7A, 0xBC, 0xAF]) { return "7-Zip" }
        if magic.starts(with: [0x52, 0x61, 0x72, 0x21]) { return "RAR" }
        return nil
    }
}

/// Where reading has got, reported after each chunk.
public struct ReadProgress: Sendable {
    /// The file being read.
    public var path: String
    /// Bytes of that file consumed so far (compressed bytes for gzip and zip).
    public var filePosition: Int64
    /// Bytes of text of the current input so far.
    public var textBytes: Int64
    /// Rows of the current input so far.
    public var rows: Int
}

enum ProcessTemporaryDirectory {
    static var path: String {
        if let dir = getenv("TMPDIR") { return String(cString: dir) }
        return "/tmp"
    }
}

/// Seconds on a monotonic clock.
package func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
