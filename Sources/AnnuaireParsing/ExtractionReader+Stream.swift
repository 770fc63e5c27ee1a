extension ExtractionReader {
    /// Reads the text of one input from `stream` and calls `body` with each row: the same lines →
    /// records path as `read(_:options:quarantine:progress:_:)`, without opening a file.
    ///
    /// No container is detected here: `stream` yields text (a `MemoryInput`, a `FileInput`, or a
    /// `GzipStream` over either). `name` stands for the file name: it labels messages and gives
    /// the extract time (`_YYYYMMDDhhmm`) unless `options.asOf` is set; the family comes from the
    /// header, as for files.
    ///
    /// - Throws: `ExtractionError` when the input is not an extraction file (empty, unknown
    ///   header…) or the stream fails; errors thrown by `body` pass through.
    @_spi(Internals) public static func read(
        stream: ByteStream, name: String, options: ReadOptions = ReadOptions(),
        quarantine: ((String, QuarantinedLine, UnsafeRawBufferPointer) -> Void)? = nil,
        progress: ((ReadProgress) -> Void)? = nil,
        _ body: (Record) throws -> Void
    ) throws -> ScanReport {
        let context = Context(options: options, quarantine: quarantine, progress: progress)
        var report = try readStream(stream, path: name, name: name, context, body)
        if let gzip = stream as? GzipStream {
            report.container = .gzip
            report.gzipMembers = gzip.members
            report.inflater = gzip.backend
        }
        report.inputBytes = stream.filePosition
        return report
    }
}
