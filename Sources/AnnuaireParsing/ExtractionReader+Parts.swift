extension ExtractionReader {
    /// Plain text files from this size on are cut into parts when parts are asked for
    /// (`plan(_:options:parts:)`), and `scan` reads them in two parts, one per core.
    package static let halvesThreshold = 32 << 20

    /// Reads one planned input (the whole file, a zip entry, or a part of a plain text file) and
    /// calls `body` with each of its rows; returns its report (one per chosen zip entry when
    /// standard input holds a zip).
    ///
    /// A part (`TextPart`) is read from its own bytes alone (and the header's, for the columns):
    /// its rows, quarantined lines and warnings carry the line numbers and the encoding a read of
    /// the whole file gives them, so that reading the parts on several threads and joining their
    /// reports (`ScanReport.joined(_:)`) gives what one read gives. Its report covers its lines
    /// (the first part's, the header too: its text bytes and checksum are those of the bytes from
    /// the file's start to its end).
    ///
    /// - Parameters:
    ///   - input: one of the inputs `plan(_:options:parts:)` returned.
    ///   - options: as for `read(_:options:quarantine:progress:_:)`; `entry` is the input's.
    ///   - quarantine: called with each quarantined line of the input, in line order.
    ///   - progress: called now and then with the input's bytes read so far.
    ///   - body: called with each row, in file order; the record is valid only during the call.
    /// - Throws: `ExtractionError` as `read(_:options:quarantine:progress:_:)` does, and
    ///   `.changedSincePlanned` when a part no longer falls on the file's lines; errors thrown by
    ///   `body` pass through.
    public static func read(
        _ input: PlannedInput, options: ReadOptions = ReadOptions(),
        quarantine: ((String, QuarantinedLine, UnsafeRawBufferPointer) -> Void)? = nil,
        progress: ((ReadProgress) -> Void)? = nil,
        _ body: (Record) throws -> Void
    ) throws -> [ScanReport] {
        var options = options
        options.entry = input.entry
        guard let part = input.part else { return try read(input.path, options: options, quarantine: quarantine, progress: progress, body) }
        let file = try FileInput(path: input.path)
        // The first part is read from the file's start: the header is its first line.
        let stream = FileRange(file, part.index == 0 ? 0..<part.bytes.upperBound : part.bytes)
        let context = Context(options: options, quarantine: quarantine, progress: progress)
        var report = try readStream(stream, path: file.path, name: file.path, context, part: (part, of: file), body)
        report.inputBytes = stream.filePosition - stream.range.lowerBound
        return [report]
    }
}

extension ExtractionReader.PlannedInput {
    /// This input cut into `count` parts (`TextPart`) of about equal size when it is a plain text
    /// file of `ExtractionReader.halvesThreshold` (32 MiB) or more; else `[self]`.
    ///
    /// Each part holds the lines that start in a range of the file's bytes: the first starts
    /// after the header, each cut falls just after the first newline at or past `k/count` of the
    /// file, the last ends at the file's end. Fewer parts come back when the lines are too long
    /// for all the cuts (a part is never empty); `[self]` for a file larger than
    /// `options.maxTextBytes` or whose header is longer than `options.maxLineLength` (reading it
    /// whole reports the error), and for standard input, pipes, gzip files and zip entries.
    ///
    /// - Throws: `ExtractionError.cannotOpen` or `.readFailed` when the file cannot be read.
    public func cut(into count: Int, options: ReadOptions = ReadOptions()) throws -> [ExtractionReader.PlannedInput] {
        try cut(into: count, options: options, from: Int64(ExtractionReader.halvesThreshold))
    }

    /// `cut`, with the size from which a file is cut (tests use small files).
    package func cut(into count: Int, options: ReadOptions, from minimumBytes: Int64) throws -> [ExtractionReader.PlannedInput] {
        guard count > 1, isPlainText, entry == nil, part == nil, path != "-" else { return [self] }
        let file = try FileInput(path: path)
        guard let size = file.size, size >= minimumBytes, size <= options.maxTextBytes else { return [self] }
        let headerLimit = min(size, Int64(options.maxLineLength) + 1)
        guard let headerNewline = try file.firstNewline(in: 0..<headerLimit) else { return [self] }
        var starts = [headerNewline + 1]
        for k in 1..<count {
            // The first line that starts at or past k/count of the file, after the previous cut.
            let target = max(size * Int64(k) / Int64(count), starts[starts.count - 1] + 1)
            guard target < size, let newline = try file.firstNewline(in: (target - 1)..<size), newline + 1 < size else { break }
            starts.append(newline + 1)
        }
        guard starts.count > 1 else { return [self] }
        return starts.indices.map { k in
            let end = k + 1 < starts.count ? starts[k + 1] : size
            var input = self
            input.part = TextPart(bytes: starts[k]..<end, index: k, count: starts.count)
            input.estimatedTextBytes = k == 0 ? end : end - starts[k]
            return input
        }
    }
}
