/// What a read of a whole file knows when it reaches the first line of a part (`TextPart`) other
/// than the first, learnt from the bytes before the part without splitting them into lines: the
/// header (the columns), the number of the part's first line, and the file's encoding so far.
///
/// The line number is one more than the newlines before the part (the header is line 1), counted
/// sixteen bytes at a time. The encoding is decided by the first data line that holds a byte of
/// 0x80 or more and is a row (not blank, not over-long, the header's field count, no NUL): the
/// first such byte is found sixteen bytes at a time, its line is weighed by the reader
/// (`RecordReader.weighForEncoding`), and the search goes on after the line when it is not a
/// row. Both run over the bytes before the part, once, in blocks that stay in the cache.
enum PartPrelude {
    /// Bytes of the file read at a time, at most (less when `ReadOptions.chunkSize` is less: tests
    /// move the block boundaries with it). Blocks of 1 MiB count 4–5 GB/s here (the copy out of
    /// the page cache dominates), a fifth more than blocks of 128 KiB.
    static let maxBlockSize = 1 << 20

    /// Binds the header of `file` in `reader` and settles its encoding as a read of the lines
    /// before `part` would have; returns the number of the part's first line.
    ///
    /// - Throws: the header's errors (`ExtractionError.headerTooLong`, `.unknownFamily`…), as a
    ///   read of the whole file would; `.changedSincePlanned` when the file no longer has a line
    ///   starting where the part does; `.readFailed`.
    static func prepare(_ reader: inout RecordReader, for part: TextPart, of file: FileInput, options: ReadOptions) throws -> Int {
        let start = part.bytes.lowerBound
        let headerEnd = try readHeader(into: &reader, from: file, before: start, options: options)
        let blockSize = max(1, min(options.chunkSize, maxBlockSize))
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: 64)
        defer { block.deallocate() }
        var newlines = 0
        var decided = false
        // High bytes before this offset have been weighed.
        var searchFrom = headerEnd
        var at = headerEnd
        var lastByte: UInt8 = 0x0A
        while at < start {
            let want = Int(min(Int64(blockSize), start - at))
            // safe: want <= blockSize.
            let n = try file.pread(into: UnsafeMutableRawBufferPointer(rebasing: block[0..<want]), at: at)
            guard n > 0 else { throw ExtractionError.changedSincePlanned(path: file.path, offset: at) }
            let bytes = UnsafeRawBufferPointer(rebasing: block[0..<n])
            newlines += ByteScan.newlines(in: bytes)
            // safe: n > 0.
            lastByte = bytes[n - 1]
            while !decided, searchFrom < at + Int64(n) {
                let from = Int(searchFrom - at)
                // safe: 0 <= from < n.
                guard let high = ByteScan.firstHighByte(in: UnsafeRawBufferPointer(rebasing: bytes[from...])) else {
                    searchFrom = at + Int64(n)
                    break
                }
                let line = try lineBounds(around: at + Int64(from + high), in: bytes, at: at, of: file, within: headerEnd..<start)
                decided = try weigh(line, of: file, into: &reader, options: options)
                searchFrom = line.upperBound + 1
            }
            at += Int64(n)
        }
        // The part starts just after a newline, or the file is not the one that was cut.
        guard lastByte == 0x0A else { throw ExtractionError.changedSincePlanned(path: file.path, offset: start) }
        return 2 + newlines
    }

    /// Reads the header (line 1) into `reader`, as the line splitter would give it; returns the
    /// offset after its newline.
    private static func readHeader(
        into reader: inout RecordReader, from file: FileInput, before start: Int64, options: ReadOptions
    ) throws -> Int64 {
        // More than the limit is not needed: the header is then refused as too long.
        let limit = options.maxLineLength
        let newline = try file.firstNewline(in: 0..<min(start, Int64(limit) + 1))
        let length = Int(newline ?? min(start, Int64(limit) + 1))
        var bytes = [UInt8](repeating: 0, count: length)
        let n = try bytes.withUnsafeMutableBytes { try file.pread(into: $0, at: 0) }
        guard n == length else { throw ExtractionError.changedSincePlanned(path: file.path, offset: Int64(n)) }
        guard let newline else {
            if length > limit {
                let line = bytes.withUnsafeBytes { Line(bytes: $0, number: 1, offset: 0, overLongLength: length) }
                try reader.consume(line) { _ in }
            }
            // No newline before the part: the file is not the one that was cut.
            throw ExtractionError.changedSincePlanned(path: file.path, offset: 0)
        }
        if bytes.last == 0x0D { bytes.removeLast() }
        try bytes.withUnsafeBytes { try reader.consume(Line(bytes: $0, number: 1, offset: 0, overLongLength: nil)) { _ in } }
        return newline + 1
    }

    /// The bytes of the line holding the byte at `offset` (without its newline), found in
    /// `bytes` (the block read at `blockStart`) when it lies there, else in `file`, within `range`
    /// (the data lines before the part, which ends with a newline).
    private static func lineBounds(
        around offset: Int64, in bytes: UnsafeRawBufferPointer, at blockStart: Int64, of file: FileInput, within range: Range<Int64>
    ) throws -> Range<Int64> {
        let local = Int(offset - blockStart)
        // safe: 0 <= local < bytes.count.
        let before = UnsafeRawBufferPointer(rebasing: bytes[..<local])
        let after = UnsafeRawBufferPointer(rebasing: bytes[local...])
        let lineStart: Int64
        if let newline = before.lastIndex(of: 0x0A) {
            lineStart = blockStart + Int64(newline) + 1
        } else {
            lineStart = try file.lastNewline(in: range.lowerBound..<blockStart).map { $0 + 1 } ?? range.lowerBound
        }
        let lineEnd: Int64
        if let newline = after.firstIndex(of: 0x0A) {
            lineEnd = offset + Int64(newline)
        } else if let newline = try file.firstNewline(in: (blockStart + Int64(bytes.count))..<range.upperBound) {
            lineEnd = newline
        } else {
            throw ExtractionError.changedSincePlanned(path: file.path, offset: range.upperBound)
        }
        return lineStart..<lineEnd
    }

    /// Reads the line at `bounds` as the line splitter would give it (over-long past the limit,
    /// without a final `\r`) and lets `reader` weigh it; returns whether the encoding is decided.
    private static func weigh(_ bounds: Range<Int64>, of file: FileInput, into reader: inout RecordReader, options: ReadOptions) throws
        -> Bool
    {
        let length = Int(bounds.upperBound - bounds.lowerBound)
        let overLong = length > options.maxLineLength
        var bytes = [UInt8](repeating: 0, count: min(length, options.maxLineLength))
        let n = try bytes.withUnsafeMutableBytes { try file.pread(into: $0, at: bounds.lowerBound) }
        guard n == bytes.count else { throw ExtractionError.changedSincePlanned(path: file.path, offset: bounds.lowerBound + Int64(n)) }
        if !overLong, bytes.last == 0x0D { bytes.removeLast() }
        return bytes.withUnsafeBytes {
            reader.weighForEncoding(Line(bytes: $0, number: 0, offset: bounds.lowerBound, overLongLength: overLong ? length : nil))
        }
    }
}
